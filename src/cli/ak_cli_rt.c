/* ak_cli_rt.c - connection, ARM calls, az-style errors, long-running operations and output
 * for the az-style commands (see ak_cli_rt.h). */
#include "ak_cli_rt.h"

#include <ctype.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <time.h>
#include <unistd.h>

#include "ak_cli_py.h"
#include "ak_cli_view.h"
#include "ak_cli_yaml.h"
#include "../util/ak_mem.h"
#include "../util/ak_rand.h"
#include "../util/ak_banned.h"

#define QUERY_HELP                                                                                \
    "To learn more about --query, please visit: "                                                 \
    "'https://docs.microsoft.com/cli/azure/query-azure-cli'"

/* ------------------------------------------------------------------ setup */

int ak_rt_init(struct ak_rt *rt, const struct ak_args *args, const char *command)
{
    memset(rt, 0, sizeof(*rt));
    rt->args = args;
    rt->command = command;
    rt->only_show_errors = ak_arg_flag(args, "only_show_errors");
    rt->debug = ak_arg_flag(args, "debug");
    const char *o = ak_arg_str(args, "output");
    if (!o || strcmp(o, "json") == 0)
        rt->fmt = AK_OUT_JSON;
    else if (strcmp(o, "jsonc") == 0)
        rt->fmt = AK_OUT_JSONC;
    else if (strcmp(o, "yaml") == 0)
        rt->fmt = AK_OUT_YAML;
    else if (strcmp(o, "yamlc") == 0)
        rt->fmt = AK_OUT_YAMLC;
    else if (strcmp(o, "table") == 0)
        rt->fmt = AK_OUT_TABLE;
    else if (strcmp(o, "tsv") == 0)
        rt->fmt = AK_OUT_TSV;
    else
        rt->fmt = AK_OUT_NONE;
    const char *q = ak_arg_str(args, "query");
    if (q) {
        char err[600];
        rt->query = ak_jmes_compile(q, err, sizeof(err));
        if (!rt->query) {
            fprintf(stderr, "ERROR: argument --query: invalid jmespath_type value: \"%s\"\n", q);
            fprintf(stderr, "The query is not valid JMESPath: %s\n%s\n", err, QUERY_HELP);
            return 2;
        }
    }
    return 0;
}

void ak_rt_release(struct ak_rt *rt)
{
    ak_jmes_free(rt->query);
    if (rt->open)
        ak_client_close(&rt->c);
    memset(rt, 0, sizeof(*rt));
}

int ak_rt_fail(const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    fputs("ERROR: ", stderr);
    vfprintf(stderr, fmt, ap);
    fputc('\n', stderr);
    va_end(ap);
    return 1;
}

void ak_rt_warn(const struct ak_rt *rt, const char *fmt, ...)
{
    if (rt->only_show_errors)
        return;
    va_list ap;
    va_start(ap, fmt);
    fputs("WARNING: ", stderr);
    vfprintf(stderr, fmt, ap);
    fputc('\n', stderr);
    va_end(ap);
}

int ak_rt_connect(struct ak_rt *rt)
{
    if (rt->open)
        return 0;
    if (ak_client_open(&rt->c, ak_arg_str(rt->args, "url"), ak_arg_str(rt->args, "data")) != 0) {
        fprintf(stderr, "ERROR: %s\n", rt->c.errbuf);
        ak_client_close(&rt->c);
        return 1;
    }
    rt->open = true;
    struct ak_rand rnd;
    ak_rand_seed_os(&rnd);
    char uuid[37];
    ak_rand_uuid(&rnd, uuid);
    char line[2048];
    snprintf(line, sizeof(line), "x-ms-client-request-id: %s", uuid);
    ak_client_add_header(&rt->c, line);
    snprintf(line, sizeof(line), "CommandName: %s", rt->command);
    ak_client_add_header(&rt->c, line);
    if (rt->args->typed && *rt->args->typed) {
        snprintf(line, sizeof(line), "ParameterSetName: %.1900s", rt->args->typed);
        ak_client_add_header(&rt->c, line);
    }
    const char *sub = ak_arg_str(rt->args, "subscription");
    if (sub && *sub) {
        snprintf(rt->sub, sizeof(rt->sub), "%s", sub);
        return 0;
    }
    struct ak_resp r;
    if (ak_rt_call(rt, "GET", "/subscriptions?api-version=" AK_API_SUBS, NULL, &r) != 0)
        return 1;
    json_t *first = json_array_get(json_object_get(r.json, "value"), 0);
    const char *id = json_string_value(json_object_get(first, "subscriptionId"));
    if (r.status != 200 || !id) {
        int rc = r.status >= 400 ? ak_rt_http_error(rt, &r)
                                 : ak_rt_fail("%s did not list a subscription (GET /subscriptions "
                                              "answered HTTP %ld); is it an aksemu daemon?",
                                              rt->c.base, r.status);
        ak_resp_release(&r);
        return rc ? rc : 1;
    }
    snprintf(rt->sub, sizeof(rt->sub), "%s", id);
    ak_resp_release(&r);
    return 0;
}

char *ak_rt_escape(const char *s)
{
    struct ak_buf b = AK_BUF_INIT(1u << 16);
    for (const unsigned char *p = (const unsigned char *)s; *p; p++) {
        if (isalnum(*p) || *p == '-' || *p == '.' || *p == '_' || *p == '~')
            ak_buf_putc(&b, (char)*p);
        else
            ak_buf_printf(&b, "%%%02X", *p);
    }
    char *r = ak_buf_detach(&b, NULL);
    return r ? r : ak_xstrdup("");
}

char *ak_rt_path(const struct ak_rt *rt, const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    struct ak_buf b = AK_BUF_INIT(1u << 16);
    char *sub = ak_rt_escape(rt->sub);
    ak_buf_printf(&b, "/subscriptions/%s", sub);
    free(sub);
    for (const char *p = fmt; *p; p++) {
        if (p[0] == '%' && p[1] == 's') {
            char *e = ak_rt_escape(va_arg(ap, const char *));
            ak_buf_puts(&b, e);
            free(e);
            p++;
        } else {
            ak_buf_putc(&b, *p);
        }
    }
    va_end(ap);
    return ak_buf_detach(&b, NULL);
}

/* ------------------------------------------------------------------ calls */

const char *ak_http_reason(long status)
{
    switch (status) {
    case 200: return "OK";
    case 201: return "Created";
    case 202: return "Accepted";
    case 204: return "No Content";
    case 400: return "Bad Request";
    case 401: return "Unauthorized";
    case 403: return "Forbidden";
    case 404: return "Not Found";
    case 405: return "Method Not Allowed";
    case 408: return "Request Timeout";
    case 409: return "Conflict";
    case 412: return "Precondition Failed";
    case 413: return "Payload Too Large";
    case 415: return "Unsupported Media Type";
    case 422: return "Unprocessable Entity";
    case 429: return "Too Many Requests";
    case 500: return "Internal Server Error";
    case 501: return "Not Implemented";
    case 502: return "Bad Gateway";
    case 503: return "Service Unavailable";
    case 504: return "Gateway Timeout";
    default: return "Unknown";
    }
}

void ak_resp_release(struct ak_resp *r)
{
    json_decref(r->json);
    free(r->body);
    free(r->aso);
    free(r->location);
    memset(r, 0, sizeof(*r));
}

static void sleep_ms(long ms)
{
    struct timespec ts = {ms / 1000, (ms % 1000) * 1000000L};
    while (nanosleep(&ts, &ts) != 0) {
    }
}

/* Python's requests/json.dumps default separators, insertion order, as az sends bodies. */
static char *dump_body(const json_t *body)
{
    struct ak_buf b = AK_BUF_INIT(64u << 20);
    ak_py_json_compact(body, &b);
    char *s = ak_buf_detach(&b, NULL);
    return s ? s : ak_xstrdup("");
}

int ak_rt_call(struct ak_rt *rt, const char *method, const char *path, const json_t *body,
               struct ak_resp *r)
{
    memset(r, 0, sizeof(*r));
    r->retry_after = -1;
    char *payload = body ? dump_body(body) : NULL;
    static const long backoff_ms[] = {500, 1000, 2000};
    for (size_t attempt = 0;; attempt++) {
        if (rt->debug) {
            fprintf(stderr, "DEBUG: Request URL: '%s%s'\nDEBUG: Request method: '%s'\n",
                    strncmp(path, "https://", 8) == 0 ? "" : rt->c.base, path, method);
            fprintf(stderr, "DEBUG: Request body:\nDEBUG: %s\n",
                    payload ? payload : "This request has no body");
        }
        struct ak_client_resp cr;
        if (ak_client_do(&rt->c, method, path, payload, &cr) != 0) {
            ak_client_resp_release(&cr);
            free(payload);
            fprintf(stderr, "ERROR: %s\n", rt->c.errbuf);
            fprintf(stderr, "Check that 'aksemu serve' is running and that --url / AKSEMU_URL "
                            "(or --data / AKSEMU_DATA) point at it.\n");
            return 1;
        }
        if (rt->debug)
            fprintf(stderr, "DEBUG: Response status: %ld\nDEBUG: Response content:\nDEBUG: %s\n",
                    cr.status, ak_buf_cstr(&cr.body));
        /* azure-core's RetryPolicy: these statuses, not for POST */
        bool retry = (cr.status == 408 || cr.status == 429 || cr.status == 500 || cr.status == 502 ||
                      cr.status == 503 || cr.status == 504) &&
                     strcmp(method, "POST") != 0 && attempt < AK_ARRAY_LEN(backoff_ms);
        if (retry) {
            long wait = cr.retry_after > 0 ? cr.retry_after * 1000L : backoff_ms[attempt];
            ak_client_resp_release(&cr);
            sleep_ms(wait);
            continue;
        }
        r->status = cr.status;
        r->retry_after = cr.retry_after;
        r->aso = cr.azure_async;
        r->location = cr.location;
        cr.azure_async = cr.location = NULL;
        r->body = ak_buf_detach(&cr.body, NULL);
        if (!r->body)
            r->body = ak_xstrdup("");
        r->json = *r->body ? json_loads(r->body, JSON_DECODE_ANY, NULL) : NULL;
        ak_client_resp_release(&cr);
        free(payload);
        return 0;
    }
}

/* azure-core's ODataV4Format / ARMErrorFormat text of one error object. */
static void odata_text(const json_t *e, struct ak_buf *b)
{
    const char *code = json_string_value(json_object_get(e, "code"));
    const char *msg = json_string_value(json_object_get(e, "message"));
    ak_buf_printf(b, "(%s) %s\n", code ? code : "None", msg ? msg : "None");
    ak_buf_printf(b, "Code: %s\nMessage: %s", code ? code : "None", msg ? msg : "None");
    const char *target = json_string_value(json_object_get(e, "target"));
    if (target && *target)
        ak_buf_printf(b, "\nTarget: %s", target);
    json_t *details = json_object_get(e, "details");
    if (json_is_array(details) && json_array_size(details)) {
        ak_buf_puts(b, "\nException Details:");
        for (size_t i = 0; i < json_array_size(details); i++) {
            struct ak_buf d = AK_BUF_INIT(1u << 20);
            odata_text(json_array_get(details, i), &d);
            /* azure-core joins the detail's lines with "\n", each prefixed by a tab, and
             * appends that without a separating newline */
            const char *s = ak_buf_cstr(&d);
            bool first = true;
            while (*s) {
                size_t len = strcspn(s, "\n");
                ak_buf_printf(b, "%s\t%.*s", first ? "" : "\n", (int)len, s);
                first = false;
                s += len;
                if (*s)
                    s++;
            }
            ak_buf_release(&d);
        }
    }
    json_t *inner = json_object_get(e, "innererror");
    if (json_is_object(inner) && json_object_size(inner)) {
        ak_buf_puts(b, "\nInner error: ");
        ak_py_json_indent4(inner, b);
    }
    json_t *ai = json_object_get(e, "additionalInfo");
    if (json_is_array(ai) && json_array_size(ai)) {
        ak_buf_puts(b, "\nAdditional Information:");
        for (size_t i = 0; i < json_array_size(ai); i++) {
            json_t *x = json_array_get(ai, i);
            const char *type = json_string_value(json_object_get(x, "type"));
            ak_buf_printf(b, "Type: %s\nInfo: ", type ? type : "None");
            json_t *info = json_object_get(x, "info");
            if (info)
                ak_py_json_indent4(info, b);
            else
                ak_buf_puts(b, "null");
        }
    }
}

/* The ARM error object in a response body, or NULL when it has none az could read. */
static const json_t *arm_error_of(const json_t *j)
{
    if (!json_is_object(j))
        return NULL;
    const json_t *e = json_object_get(j, "error");
    if (!json_is_object(e))
        e = j;
    if (!json_string_value(json_object_get(e, "code")) &&
        !json_string_value(json_object_get(e, "message")))
        return NULL;
    return e;
}

static int print_error_of(const json_t *j, long status)
{
    const json_t *e = arm_error_of(j);
    struct ak_buf b = AK_BUF_INIT(1u << 20);
    if (e)
        odata_text(e, &b);
    else
        ak_buf_printf(&b, "Operation returned an invalid status '%s'", ak_http_reason(status));
    fprintf(stderr, "ERROR: %s\n", ak_buf_cstr(&b));
    ak_buf_release(&b);
    return status == 404 ? 3 : 1;
}

int ak_rt_http_error(struct ak_rt *rt, const struct ak_resp *r)
{
    (void)rt;
    return print_error_of(r->json, r->status);
}

/* ------------------------------------------------------------------ long-running operations */

struct spinner {
    bool on;
    int frame;
    bool drawn;
};

static void spin(struct spinner *s)
{
    if (!s->on)
        return;
    static const char frames[] = "-\\|/";
    fprintf(stderr, "\r %c Running ..", frames[s->frame++ % 4]);
    fflush(stderr);
    s->drawn = true;
}

static void spin_clear(struct spinner *s)
{
    if (s->on && s->drawn) {
        fputs("\r              \r", stderr);
        fflush(stderr);
    }
    s->drawn = false;
}

static void wait_with_spinner(struct spinner *s, long ms)
{
    for (long left = ms; left > 0; left -= 100) {
        spin(s);
        sleep_ms(left < 100 ? left : 100);
    }
}

static bool terminal_status(const char *st, bool *ok)
{
    if (!st)
        return false;
    if (strcasecmp(st, "succeeded") == 0) {
        *ok = true;
        return true;
    }
    if (strcasecmp(st, "failed") == 0 || strcasecmp(st, "canceled") == 0 ||
        strcasecmp(st, "cancelled") == 0) {
        *ok = false;
        return true;
    }
    return false;
}

static const char *prov_state(const json_t *j)
{
    return json_string_value(json_object_get(json_object_get(j, "properties"), "provisioningState"));
}

static long delay_of(const struct ak_resp *r)
{
    return r->retry_after > 0 ? r->retry_after * 1000L : 1000L;
}

int ak_rt_lro(struct ak_rt *rt, enum ak_lro_kind kind, const char *path, const json_t *body,
              bool no_wait, json_t **result)
{
    *result = NULL;
    const char *method = kind == AK_LRO_PUT ? "PUT" : kind == AK_LRO_DELETE ? "DELETE" : "POST";
    struct ak_resp r;
    if (ak_rt_call(rt, method, path, body, &r) != 0)
        return 1;
    if (r.status >= 400) {
        int rc = ak_rt_http_error(rt, &r);
        ak_resp_release(&r);
        return rc;
    }
    bool ok_status = kind == AK_LRO_PUT ? (r.status == 200 || r.status == 201)
                     : kind == AK_LRO_DELETE ? (r.status == 200 || r.status == 202 || r.status == 204)
                                             : (r.status == 200 || r.status == 202);
    if (!ok_status) {
        int rc = ak_rt_fail("Operation returned an invalid status '%s'", ak_http_reason(r.status));
        ak_resp_release(&r);
        return rc;
    }
    if (no_wait) {
        ak_resp_release(&r);
        return 0;
    }
    enum { M_DONE, M_ASO, M_LOC, M_RES } mode = M_DONE;
    char *url = NULL;
    char *final_loc = r.location ? ak_xstrdup(r.location) : NULL;
    bool ok;
    if (r.aso) {
        mode = M_ASO;
        url = ak_xstrdup(r.aso);
    } else if (r.location && (kind != AK_LRO_PUT || r.status == 202)) {
        mode = M_LOC;
        url = ak_xstrdup(r.location);
    } else if (kind == AK_LRO_PUT && prov_state(r.json) && !terminal_status(prov_state(r.json), &ok)) {
        mode = M_RES;
        url = ak_xstrdup(path);
    } else if (kind == AK_LRO_DELETE && r.status == 202 && r.location) {
        mode = M_LOC;
        url = ak_xstrdup(r.location);
    }
    json_t *post_result = NULL;
    if (mode == M_DONE && kind == AK_LRO_POST && r.json)
        post_result = json_incref(r.json);
    struct spinner sp = {.on = isatty(STDERR_FILENO) != 0};
    long delay = delay_of(&r);
    ak_resp_release(&r);
    int rc = 0;
    while (mode != M_DONE) {
        wait_with_spinner(&sp, delay);
        struct ak_resp p;
        if (ak_rt_call(rt, "GET", url, NULL, &p) != 0) {
            rc = 1;
            break;
        }
        if (p.status >= 400) {
            spin_clear(&sp);
            rc = ak_rt_http_error(rt, &p);
            ak_resp_release(&p);
            break;
        }
        delay = delay_of(&p);
        bool done = false, success = false;
        if (mode == M_ASO) {
            /* azure-core's checks of an operation status body */
            const char *bad = !*p.body ? "The response from long running operation does not contain a body."
                              : !p.json ? "Error occurred in deserializing the response body."
                              : !json_string_value(json_object_get(p.json, "status"))
                                  ? "No status found in body"
                                  : NULL;
            if (bad) {
                spin_clear(&sp);
                rc = ak_rt_fail("%s", bad);
                ak_resp_release(&p);
                break;
            }
            done = terminal_status(json_string_value(json_object_get(p.json, "status")), &success);
        } else if (mode == M_LOC) {
            if (p.status != 202) {
                done = true;
                success = true;
                if (kind == AK_LRO_POST && p.json)
                    post_result = json_incref(p.json);
            }
        } else {
            /* azure-core's body polling: 202 running, 201 running unless terminal, 200/204 done
             * unless the provisioningState says otherwise */
            const char *ps = prov_state(p.json);
            if (p.status == 204 || (p.status == 200 && !ps)) {
                done = success = true;
            } else if (p.status != 202) {
                done = terminal_status(ps, &success);
            }
        }
        if (done && !success) {
            spin_clear(&sp);
            rc = print_error_of(p.json, p.status);
            if (rc == 3)
                rc = 1;
            ak_resp_release(&p);
            break;
        }
        ak_resp_release(&p);
        if (done)
            break;
    }
    spin_clear(&sp);
    free(url);
    if (rc == 0 && kind == AK_LRO_PUT) {
        struct ak_resp g;
        if (ak_rt_call(rt, "GET", path, NULL, &g) != 0) {
            rc = 1;
        } else if (g.status >= 400) {
            rc = ak_rt_http_error(rt, &g);
        } else {
            *result = g.json ? json_incref(g.json) : NULL;
        }
        ak_resp_release(&g);
    } else if (rc == 0 && kind == AK_LRO_POST) {
        if (!post_result && final_loc && mode == M_ASO) {
            struct ak_resp g;
            if (ak_rt_call(rt, "GET", final_loc, NULL, &g) == 0) {
                if (g.status < 400 && g.json)
                    post_result = json_incref(g.json);
                ak_resp_release(&g);
            }
        }
        *result = post_result;
        post_result = NULL;
    }
    json_decref(post_result);
    free(final_loc);
    return rc;
}

/* ------------------------------------------------------------------ output */

static size_t text_width(const char *s)
{
    size_t w = 0;
    for (; *s; s++)
        if (((unsigned char)*s & 0xC0) != 0x80)
            w++;
    return w;
}

struct cell_row {
    char **keys;
    char **vals; /* NULL: missing */
    size_t n;
};

static char *py_strip_dup(const char *s)
{
    while (*s && isspace((unsigned char)*s))
        s++;
    size_t n = strlen(s);
    while (n && isspace((unsigned char)s[n - 1]))
        n--;
    return ak_xstrndup(s, n);
}

static char *cell_text(const json_t *v)
{
    if (json_is_null(v))
        return NULL;
    struct ak_buf b = AK_BUF_INIT(16u << 20);
    ak_py_str(v, &b);
    char *s = py_strip_dup(ak_buf_cstr(&b));
    ak_buf_release(&b);
    return s;
}

static void row_add(struct cell_row *r, const char *key, const json_t *v)
{
    r->keys = ak_xreallocarray(r->keys, r->n + 1, sizeof(*r->keys));
    r->vals = ak_xreallocarray(r->vals, r->n + 1, sizeof(*r->vals));
    char *k = ak_xstrdup(key);
    if (k[0])
        k[0] = (char)toupper((unsigned char)k[0]);
    r->keys[r->n] = k;
    r->vals[r->n] = cell_text(v);
    r->n++;
}

static int cmp_str(const void *a, const void *b)
{
    return strcmp(*(const char *const *)a, *(const char *const *)b);
}

/* knack's _TableOutput._auto_table_item */
static void auto_item(const json_t *item, bool sort_keys, struct cell_row *r)
{
    memset(r, 0, sizeof(*r));
    if (json_is_object(item)) {
        size_t n = json_object_size(item);
        const char **keys = ak_xcalloc(n ? n : 1, sizeof(*keys));
        size_t i = 0;
        const char *k;
        json_t *v;
        json_object_foreach((json_t *)item, k, v)
        {
            keys[i++] = k;
        }
        if (sort_keys)
            qsort(keys, n, sizeof(*keys), cmp_str);
        for (i = 0; i < n; i++) {
            if (strcmp(keys[i], "id") == 0 || strcmp(keys[i], "type") == 0 ||
                strcmp(keys[i], "etag") == 0)
                continue;
            v = json_object_get(item, keys[i]);
            if (json_is_null(v) || json_is_array(v) || json_is_object(v))
                continue;
            row_add(r, keys[i], v);
        }
        free(keys);
    } else if (json_is_array(item)) {
        for (size_t i = 0; i < json_array_size(item); i++) {
            char key[32];
            snprintf(key, sizeof(key), "Column%zu", i + 1);
            row_add(r, key, json_array_get(item, i));
        }
    } else {
        row_add(r, "Result", item);
    }
}

static void print_table(const json_t *data, bool sort_keys, struct ak_buf *out)
{
    size_t nitems = json_is_array(data) ? json_array_size(data) : 1;
    struct cell_row *rows = ak_xcalloc(nitems ? nitems : 1, sizeof(*rows));
    for (size_t i = 0; i < nitems; i++)
        auto_item(json_is_array(data) ? json_array_get(data, i) : data, sort_keys, &rows[i]);
    /* headers: keys in order of first appearance (tabulate headers="keys") */
    char **hdr = NULL;
    size_t nh = 0;
    for (size_t i = 0; i < nitems; i++)
        for (size_t j = 0; j < rows[i].n; j++) {
            bool seen = false;
            for (size_t h = 0; h < nh && !seen; h++)
                seen = strcmp(hdr[h], rows[i].keys[j]) == 0;
            if (!seen) {
                hdr = ak_xreallocarray(hdr, nh + 1, sizeof(*hdr));
                hdr[nh++] = rows[i].keys[j];
            }
        }
    if (nh) {
        size_t *w = ak_xcalloc(nh, sizeof(*w));
        const char ***cells = ak_xcalloc(nitems ? nitems : 1, sizeof(*cells));
        for (size_t h = 0; h < nh; h++)
            w[h] = text_width(hdr[h]) + 2;
        for (size_t i = 0; i < nitems; i++) {
            cells[i] = ak_xcalloc(nh, sizeof(**cells));
            for (size_t h = 0; h < nh; h++) {
                for (size_t j = 0; j < rows[i].n; j++)
                    if (strcmp(rows[i].keys[j], hdr[h]) == 0)
                        cells[i][h] = rows[i].vals[j];
                size_t cw = cells[i][h] ? text_width(cells[i][h]) : 0;
                if (cw > w[h])
                    w[h] = cw;
            }
        }
        struct ak_buf line = AK_BUF_INIT(16u << 20);
        for (int part = 0; part < 2; part++) {
            ak_buf_reset(&line);
            for (size_t h = 0; h < nh; h++) {
                if (h)
                    ak_buf_puts(&line, "  ");
                if (part == 0) {
                    ak_buf_puts(&line, hdr[h]);
                    for (size_t k = text_width(hdr[h]); k < w[h]; k++)
                        ak_buf_putc(&line, ' ');
                } else {
                    for (size_t k = 0; k < w[h]; k++)
                        ak_buf_putc(&line, '-');
                }
            }
            while (line.len && line.data[line.len - 1] == ' ')
                line.len--;
            ak_buf_append(out, line.data ? line.data : "", line.len);
            ak_buf_putc(out, '\n');
        }
        for (size_t i = 0; i < nitems; i++) {
            ak_buf_reset(&line);
            for (size_t h = 0; h < nh; h++) {
                if (h)
                    ak_buf_puts(&line, "  ");
                const char *c = cells[i][h] ? cells[i][h] : "";
                ak_buf_puts(&line, c);
                for (size_t k = text_width(c); k < w[h]; k++)
                    ak_buf_putc(&line, ' ');
            }
            while (line.len && line.data[line.len - 1] == ' ')
                line.len--;
            ak_buf_append(out, line.data ? line.data : "", line.len);
            ak_buf_putc(out, '\n');
            free(cells[i]);
        }
        ak_buf_release(&line);
        free(cells);
        free(w);
    } else {
        ak_buf_putc(out, '\n');
    }
    for (size_t i = 0; i < nitems; i++) {
        for (size_t j = 0; j < rows[i].n; j++) {
            free(rows[i].keys[j]);
            free(rows[i].vals[j]);
        }
        free(rows[i].keys);
        free(rows[i].vals);
    }
    free(rows);
    free(hdr);
}

/* knack's _TsvOutput._dump_obj */
static void tsv_obj(const json_t *v, struct ak_buf *b)
{
    if (json_is_array(v))
        ak_buf_printf(b, "%zu", json_array_size(v));
    else if (!json_is_object(v))
        ak_py_str(v, b);
}

static void print_tsv(const json_t *data, const struct ak_jmes_ordered *ord, struct ak_buf *out)
{
    size_t n = json_is_array(data) ? json_array_size(data) : 1;
    for (size_t i = 0; i < n; i++) {
        const json_t *row = json_is_array(data) ? json_array_get(data, i) : data;
        if (json_is_object(row)) {
            size_t nk = json_object_size(row);
            const char **keys = ak_xcalloc(nk ? nk : 1, sizeof(*keys));
            size_t k = 0;
            const char *key;
            json_t *v;
            json_object_foreach((json_t *)row, key, v)
            {
                keys[k++] = key;
            }
            if (!ak_jmes_is_ordered(ord, row))
                qsort(keys, nk, sizeof(*keys), cmp_str);
            for (k = 0; k < nk; k++) {
                if (k)
                    ak_buf_putc(out, '\t');
                tsv_obj(json_object_get(row, keys[k]), out);
            }
            free(keys);
        } else if (json_is_array(row)) {
            for (size_t k = 0; k < json_array_size(row); k++) {
                if (k)
                    ak_buf_putc(out, '\t');
                tsv_obj(json_array_get(row, k), out);
            }
        } else if (json_is_boolean(row)) {
            ak_buf_puts(out, json_is_true(row) ? "true" : "false");
        } else {
            tsv_obj(row, out);
        }
        ak_buf_putc(out, '\n');
    }
}

int ak_rt_print(struct ak_rt *rt, json_t *result, const char *transformer)
{
    if (!result)
        return 0;
    ak_view_add_resource_group(result);
    struct ak_jmes_ordered ord = {0};
    json_t *data = result;
    int rc = 0;
    if (rt->query) {
        char err[1024];
        data = ak_jmes_search(rt->query, result, &ord, err, sizeof(err));
        if (!data) {
            fprintf(stderr, "ERROR: Invalid jmespath query supplied for `--query`: %s\n%s\n", err,
                    QUERY_HELP);
            rc = 1;
            goto out;
        }
    } else {
        json_incref(data);
    }
    if (json_is_null(data))
        goto out_data;
    struct ak_buf b = AK_BUF_INIT(AK_BUF_UNLIMITED);
    switch (rt->fmt) {
    case AK_OUT_JSON:
    case AK_OUT_JSONC:
        ak_py_json_pretty(data, rt->fmt == AK_OUT_JSONC && isatty(STDOUT_FILENO), &b);
        break;
    case AK_OUT_YAML:
    case AK_OUT_YAMLC:
        ak_cli_yaml_dump(data, true, &b);
        break;
    case AK_OUT_TABLE: {
        json_t *t = NULL;
        if (transformer && !rt->query) {
            char err[512];
            struct ak_jmes *x = ak_jmes_compile(transformer, err, sizeof(err));
            if (x)
                t = ak_jmes_search(x, data, NULL, err, sizeof(err));
            ak_jmes_free(x);
            if (!t) {
                fprintf(stderr, "ERROR: Table output unavailable. Use the --query option to specify "
                                "an appropriate query. Use --debug for more info.\n");
                rc = 1;
                break;
            }
        }
        print_table(t ? t : data, !rt->query && !transformer, &b);
        json_decref(t);
        break;
    }
    case AK_OUT_TSV: print_tsv(data, rt->query ? &ord : NULL, &b); break;
    case AK_OUT_NONE: break;
    }
    if (rc == 0 && b.len)
        fwrite(b.data, 1, b.len, stdout);
    fflush(stdout);
    ak_buf_release(&b);
out_data:
    json_decref(data);
out:
    ak_jmes_ordered_release(&ord);
    json_decref(result);
    return rc;
}
