/* ak_cli_util.c - small pieces az's commands share: tag parsing, paged lists, GETs,
 * confirmation prompts and az's client-side validators (see ak_cli_int.h). */
#include "ak_cli_int.h"

#include <ctype.h>
#include <regex.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "../util/ak_mem.h"
#include "../util/ak_banned.h"

int ak_cli_begin(struct ak_args *a, struct ak_rt *rt, const char *prog, const char *summary,
                 const struct ak_argspec *spec, size_t nspec, int argc, char **argv)
{
    memset(rt, 0, sizeof(*rt));
    int rc = ak_args_parse(a, prog, summary, spec, nspec, argc, argv);
    if (rc < 0)
        return AK_CLI_HELP;
    if (rc)
        return rc;
    return ak_rt_init(rt, a, strncmp(prog, "az ", 3) == 0 ? prog + 3 : prog);
}

int ak_cli_end(struct ak_args *a, struct ak_rt *rt, int rc)
{
    ak_rt_release(rt);
    ak_args_release(a);
    return rc == AK_CLI_HELP ? 0 : rc;
}

json_t *ak_cli_tags(const struct ak_strs *list)
{
    if (!list)
        return NULL;
    json_t *o = json_object();
    for (size_t i = 0; i < list->n; i++) {
        const char *s = list->v[i];
        if (!*s)
            continue;
        const char *eq = strchr(s, '=');
        if (eq) {
            char *k = ak_xstrndup(s, (size_t)(eq - s));
            json_object_set_new(o, k, json_string(eq + 1));
            free(k);
        } else {
            json_object_set_new(o, s, json_string(""));
        }
    }
    return o;
}

int ak_cli_list_all(struct ak_rt *rt, const char *path, json_t **out)
{
    *out = json_array();
    char *url = ak_xstrdup(path);
    for (int page = 0; url && page < 1000; page++) {
        struct ak_resp r;
        if (ak_rt_call(rt, "GET", url, NULL, &r) != 0) {
            free(url);
            json_decref(*out);
            *out = NULL;
            return 1;
        }
        free(url);
        url = NULL;
        if (r.status >= 400) {
            int rc = ak_rt_http_error(rt, &r);
            ak_resp_release(&r);
            json_decref(*out);
            *out = NULL;
            return rc;
        }
        json_t *v = json_object_get(r.json, "value");
        if (json_is_array(v))
            json_array_extend(*out, v);
        const char *next = json_string_value(json_object_get(r.json, "nextLink"));
        if (next && *next)
            url = ak_xstrdup(next);
        ak_resp_release(&r);
    }
    free(url);
    return 0;
}

int ak_cli_get(struct ak_rt *rt, const char *path, json_t **out)
{
    *out = NULL;
    struct ak_resp r;
    if (ak_rt_call(rt, "GET", path, NULL, &r) != 0)
        return 1;
    int rc = 0;
    if (r.status >= 400)
        rc = ak_rt_http_error(rt, &r);
    else
        *out = r.json ? json_incref(r.json) : json_object();
    ak_resp_release(&r);
    return rc;
}

int ak_cli_confirm(const struct ak_rt *rt, bool yes)
{
    if (yes)
        return 0;
    if (!isatty(STDIN_FILENO)) {
        ak_rt_warn(rt, "Unable to prompt for confirmation as no tty available. Use --yes.");
        return ak_rt_fail("Operation cancelled.");
    }
    for (;;) {
        fputs("Are you sure you want to perform this operation? (y/n): ", stdout);
        fflush(stdout);
        char line[256];
        if (!fgets(line, sizeof(line), stdin))
            return ak_rt_fail("Operation cancelled.");
        line[strcspn(line, "\r\n")] = '\0';
        if (strcmp(line, "y") == 0 || strcmp(line, "Y") == 0)
            return 0;
        if (strcmp(line, "n") == 0 || strcmp(line, "N") == 0)
            return ak_rt_fail("Operation cancelled.");
    }
}

bool ak_cli_k8s_version(const char *in, char *out, size_t n)
{
    /* ^[v|V]?(\d+\.\d+(?:\.\d+)?)$ */
    const char *p = in;
    if (*p == 'v' || *p == 'V' || *p == '|')
        p++;
    const char *q = p;
    int parts = 0;
    for (;;) {
        size_t d = strspn(q, "0123456789");
        if (d == 0)
            return false;
        q += d;
        parts++;
        if (*q == '\0')
            break;
        if (*q != '.' || parts == 3)
            return false;
        q++;
    }
    if (parts < 2)
        return false;
    snprintf(out, n, "%s", p);
    return true;
}

static bool rx_match(const char *pattern, const char *s)
{
    regex_t re;
    if (regcomp(&re, pattern, REG_EXTENDED | REG_NOSUB) != 0)
        ak_fatal("bad regex %s", pattern);
    bool ok = regexec(&re, s, 0, NULL, 0) == 0;
    regfree(&re);
    return ok;
}

const char *ak_cli_bad_taint(const char *taints, char *buf, size_t n)
{
    static const char *const re =
        "^[a-zA-Z0-9][A-Za-z0-9_./-]{0,252}=[a-zA-Z0-9][A-Za-z0-9_.-]{0,62}:"
        "(NoSchedule|PreferNoSchedule|NoExecute)$";
    if (!taints || !*taints)
        return NULL;
    char *copy = ak_xstrdup(taints);
    const char *bad = NULL;
    char *s = copy;
    for (;;) {
        char *comma = strchr(s, ',');
        if (comma)
            *comma = '\0';
        if (*s && !rx_match(re, s)) {
            snprintf(buf, n, "%s", s);
            bad = buf;
            break;
        }
        if (!comma)
            break;
        s = comma + 1;
    }
    free(copy);
    return bad;
}

const char *ak_cli_label_error(const char *label, char *buf, size_t n)
{
    static const char *const prefix_re =
        "^[a-z0-9]([-a-z0-9]*[a-z0-9])?(\\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*$";
    static const char *const name_re = "^([A-Za-z0-9][-A-Za-z0-9_.]*)?[A-Za-z0-9]$";
    static const char *const value_re = "^(([A-Za-z0-9][-A-Za-z0-9_.]*)?[A-Za-z0-9])?$";
    static const char *const qualified =
        "A qualified name must consist of alphanumeric characters, '-', '_' or '.', and must "
        "start and end with an alphanumeric character (e.g. 'MyName',  or 'my.name',  or "
        "'123-abc') with an optional DNS subdomain prefix and '/' (e.g. 'example.com/MyName')";
    if (!*label)
        return NULL;
    const char *eq = strchr(label, '=');
    if (!eq || strchr(eq + 1, '=')) {
        snprintf(buf, n, "Invalid label: %s. Label definition must be of format name=value.", label);
        return buf;
    }
    char *key = ak_xstrndup(label, (size_t)(eq - label));
    const char *value = eq + 1;
    const char *res = NULL;
    char *slash = strchr(key, '/');
    const char *name = key;
    if (slash) {
        if (strchr(slash + 1, '/')) {
            snprintf(buf, n, "Invalid label: %s. %s", label, qualified);
            res = buf;
            goto out;
        }
        *slash = '\0';
        if (!*key || strlen(key) > 253) {
            snprintf(buf, n, "Invalid label: %s. Label prefix can't be empty or more than 253 chars.",
                     label);
            res = buf;
            goto out;
        }
        if (!rx_match(prefix_re, key)) {
            snprintf(buf, n,
                     "Invalid label: %s. Prefix part a DNS-1123 label must consist of lower case "
                     "alphanumeric characters or '-', and must start and end with an alphanumeric "
                     "character",
                     label);
            res = buf;
            goto out;
        }
        name = slash + 1;
    }
    if (!*name || strlen(name) > 63) {
        snprintf(buf, n, "Invalid label: %s. Label name can't be empty or more than 63 chars.", label);
        res = buf;
    } else if (!rx_match(name_re, name)) {
        snprintf(buf, n, "Invalid label: %s. %s", label, qualified);
        res = buf;
    } else if (strlen(value) > 63) {
        snprintf(buf, n, "Invalid label: %s. Label must not be more than 63 chars.", label);
        res = buf;
    } else if (!rx_match(value_re, value)) {
        snprintf(buf, n,
                 "Invalid label: %s. A valid label must be an empty string or consist of "
                 "alphanumeric characters, '-', '_' or '.', and must start and end with an "
                 "alphanumeric character",
                 label);
        res = buf;
    }
out:
    free(key);
    return res;
}

const char *ak_cli_nodepool_name_error(const char *name)
{
    if (!name || !*name)
        return NULL;
    if (strlen(name) > 12)
        return "--nodepool-name can contain at most 12 characters";
    for (const char *p = name; *p; p++)
        if (!isalnum((unsigned char)*p))
            return "--nodepool-name should contain only alphanumeric characters";
    return NULL;
}

const char *ak_cli_nodes_count_error(const struct ak_args *a)
{
    if (ak_arg_set(a, "min_count")) {
        long long v = ak_arg_int(a, "min_count", 0);
        if (v < 0 || v > 1000)
            return "--min-count must be in the range [0,1000]";
    }
    if (ak_arg_set(a, "max_count")) {
        long long v = ak_arg_int(a, "max_count", 0);
        if (v < 0 || v > 1000)
            return "--max-count must be in the range [0,1000]";
    }
    return NULL;
}

const char *ak_cli_max_surge_error(const char *v)
{
    if (!v)
        return NULL;
    char buf[128];
    snprintf(buf, sizeof(buf), "%s", v);
    size_t len = strlen(buf);
    while (len && buf[len - 1] == '%')
        buf[--len] = '\0';
    long long n;
    if (!ak_py_parse_int(buf, &n))
        return "--max-surge should be an int or percentage";
    if (n < 0)
        return "--max-surge must be positive";
    return NULL;
}

void ak_cli_custom_headers(struct ak_rt *rt, const char *spec)
{
    if (!spec || !*spec)
        return;
    char *copy = ak_xstrdup(spec);
    char *save = NULL;
    for (char *kv = strtok_r(copy, ",", &save); kv; kv = strtok_r(NULL, ",", &save)) {
        char *eq = strchr(kv, '=');
        if (!eq)
            continue;
        *eq = '\0';
        char line[1024];
        snprintf(line, sizeof(line), "%s: %s", kv, eq + 1);
        ak_client_add_header(&rt->c, line);
    }
    free(copy);
}
