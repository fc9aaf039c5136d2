/* ak_azenv.c - `aksemu az-env`: writes Azure CLI configuration directories that point the
 * real az (Debian azure-cli 2.45) at the daemon, fully offline, and prints the shell exports.
 *
 * What it writes follows the recipe proven in reference/az-notes.md: a custom cloud whose
 * Active Directory endpoint is the daemon's fake ADFS authority (MSAL skips instance
 * discovery for ADFS), a service-principal profile with a pre-written MSAL token cache (so az
 * never calls the token endpoint), telemetry, survey, upgrade checks and the online
 * recommender switched off, and a pre-seeded version check. Two directories are written:
 * `az` (profile latest) and `az-hybrid` (profile 2020-09-01-hybrid), because Debian's az 2.45
 * cannot run `az vmss ...` with the latest profile (its compute SDK lacks 2022-11-01); the
 * printed `az` shell function sends `az vmss ...` to the hybrid directory. */
#include <errno.h>
#include <getopt.h>
#include <jansson.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>

#include "ak_cli_int.h"
#include "ak_client.h"
#include "../api/ak_auth.h"
#include "../api/ak_tls.h"
#include "../util/ak_base64.h"
#include "../util/ak_buf.h"
#include "../util/ak_mem.h"
#include "../util/ak_str.h"
#include "../util/ak_banned.h"

#define AZ_CLIENT_ID "a45e0000-0000-4000-8000-000000000001"
#define AAD_RESOURCE "https://management.core.windows.net/"

static int write_text(const char *dir, const char *name, const char *text, bool bom, int mode)
{
    char path[4200];
    snprintf(path, sizeof(path), "%s/%s", dir, name);
    struct ak_buf b = AK_BUF_INIT(AK_BUF_UNLIMITED);
    if (bom)
        ak_buf_puts(&b, "\xEF\xBB\xBF");
    ak_buf_puts(&b, text);
    int rc = ak_write_file(path, b.data, b.len, mode);
    ak_buf_release(&b);
    if (rc != 0)
        fprintf(stderr, "ERROR: cannot write %s: %s\n", path, strerror(errno));
    return rc;
}

/* host part of https://host:port/ */
static void url_host(const char *url, char *out, size_t n)
{
    const char *h = strstr(url, "://");
    h = h ? h + 3 : url;
    size_t i = 0;
    if (*h == '[') {
        h++;
        while (h[i] && h[i] != ']' && i + 1 < n) {
            out[i] = h[i];
            i++;
        }
    } else {
        while (h[i] && h[i] != ':' && h[i] != '/' && i + 1 < n) {
            out[i] = h[i];
            i++;
        }
    }
    out[i] = '\0';
    ak_lower_inplace(out);
}

struct sub_info {
    char id[128], tenant[128], name[128];
};

static int write_dir(const char *dir, const char *url, const struct sub_info *si,
                     const char *token, const char *secret, const char *profile)
{
    if (mkdir(dir, 0700) != 0 && errno != EEXIST) {
        fprintf(stderr, "ERROR: cannot create %s: %s\n", dir, strerror(errno));
        return -1;
    }
    chmod(dir, 0700);
    char buf[4096];
    snprintf(buf, sizeof(buf),
             "[cloud]\nname = aksemu\n\n"
             "[core]\ncollect_telemetry = no\nsurvey_message = no\nno_color = yes\n"
             "only_show_errors = no\nfirst_run = no\nerror_recommendation = off\n\n"
             "[auto-upgrade]\nenable = no\n\n"
             "[extension]\nuse_dynamic_install = no\n");
    if (write_text(dir, "config", buf, false, 0600))
        return -1;
    snprintf(buf, sizeof(buf),
             "[aksemu]\nendpoint_resource_manager = %s/\nendpoint_active_directory = %s/adfs\n"
             "endpoint_active_directory_resource_id = %s\n"
             "endpoint_active_directory_graph_resource_id = https://graph.aksemu.local/\n"
             "endpoint_management = %s/\nsubscription = %s\n%s%s%s",
             url, url, AAD_RESOURCE, url, si->id, profile ? "profile = " : "",
             profile ? profile : "", profile ? "\n" : "");
    if (write_text(dir, "clouds.config", buf, false, 0600))
        return -1;
    /* az compares update_time with now (python str(datetime)); a fresh stamp means no probe */
    time_t now = time(NULL);
    struct tm tm;
    gmtime_r(&now, &tm);
    char stamp[64];
    strftime(stamp, sizeof(stamp), "%Y-%m-%d %H:%M:%S.000000", &tm);
    snprintf(buf, sizeof(buf),
             "{\"versions\": {\"azure-cli\": {\"local\": \"2.45.0\"}, \"core\": {\"local\": "
             "\"2.45.0\"}, \"telemetry\": {\"local\": \"1.0.8\"}}, \"update_time\": \"%s\"}",
             stamp);
    if (write_text(dir, "versionCheck.json", buf, true, 0644))
        return -1;
    json_t *prof = json_pack(
        "{s:[{s:s,s:s,s:s,s:{s:s,s:s},s:b,s:s,s:s,s:s,s:[]}]}", "subscriptions", "id", si->id,
        "name", si->name, "state", "Enabled", "user", "name", AZ_CLIENT_ID, "type",
        "servicePrincipal", "isDefault", 1, "tenantId", si->tenant, "environmentName", "aksemu",
        "homeTenantId", si->tenant, "managedByTenants");
    char *s = json_dumps(prof, 0);
    json_decref(prof);
    int rc = write_text(dir, "azureProfile.json", s, true, 0600);
    free(s);
    if (rc)
        return -1;
    json_t *sp = json_pack("[{s:s,s:s,s:s}]", "tenant", si->tenant, "client_id", AZ_CLIENT_ID,
                           "client_secret", secret);
    s = json_dumps(sp, JSON_INDENT(4));
    json_decref(sp);
    rc = write_text(dir, "service_principal_entries.json", s, false, 0600);
    free(s);
    if (rc)
        return -1;
    /* MSAL cache: key "-<host>-accesstoken-<client>-adfs-<scope>" (lower-case) */
    char host[256];
    url_host(url, host, sizeof(host));
    const char *target = AAD_RESOURCE "/.default";
    char key[1024];
    snprintf(key, sizeof(key), "-%s-accesstoken-%s-adfs-%s", host, AZ_CLIENT_ID, target);
    ak_lower_inplace(key);
    char meta[512];
    snprintf(meta, sizeof(meta), "appmetadata-%s-%s", host, AZ_CLIENT_ID);
    char nows[32], exp[32];
    snprintf(nows, sizeof(nows), "%lld", (long long)now);
    snprintf(exp, sizeof(exp), "%lld", 4102444800LL); /* 2100-01-01 */
    json_t *at = json_pack("{s:s,s:s,s:n,s:s,s:s,s:s,s:s,s:s,s:s,s:s,s:s}", "credential_type",
                           "AccessToken", "secret", token, "home_account_id", "environment", host,
                           "client_id", AZ_CLIENT_ID, "target", target, "realm", "adfs",
                           "token_type", "Bearer", "cached_at", nows, "expires_on", exp,
                           "extended_expires_on", exp);
    json_t *cache = json_object();
    json_t *ats = json_object();
    json_object_set_new(ats, key, at);
    json_object_set_new(cache, "AccessToken", ats);
    json_t *md = json_object();
    json_object_set_new(md, meta, json_pack("{s:s,s:s}", "client_id", AZ_CLIENT_ID, "environment",
                                            host));
    json_object_set_new(cache, "AppMetadata", md);
    s = json_dumps(cache, JSON_INDENT(4));
    json_decref(cache);
    rc = write_text(dir, "msal_token_cache.json", s, false, 0600);
    free(s);
    return rc ? -1 : 0;
}

static void shell_quote(const char *s, struct ak_buf *b)
{
    ak_buf_putc(b, '\'');
    for (; *s; s++) {
        if (*s == '\'')
            ak_buf_puts(b, "'\\''");
        else
            ak_buf_putc(b, *s);
    }
    ak_buf_putc(b, '\'');
}

static char *abs_path(const char *p)
{
    char *r = realpath(p, NULL);
    return r ? r : ak_xstrdup(p);
}

int ak_cmd_az_env(int argc, char **argv)
{
    const char *url_flag = NULL, *data_flag = NULL;
    static const struct option opts[] = {
        {"url", required_argument, NULL, 'u'},
        {"data", required_argument, NULL, 'd'},
        {"help", no_argument, NULL, 'h'},
        {NULL, 0, NULL, 0},
    };
    int ch;
    optind = 1;
    while ((ch = getopt_long(argc, argv, "h", opts, NULL)) != -1) {
        switch (ch) {
        case 'u': url_flag = optarg; break;
        case 'd': data_flag = optarg; break;
        case 'h':
            fputs("usage: aksemu az-env [--url URL] [--data DIR]\n\n"
                  "Writes DIR/az and DIR/az-hybrid (Azure CLI configuration for the daemon) and\n"
                  "prints the shell lines that use them. In bash or zsh:\n\n"
                  "    eval \"$(aksemu az-env)\"\n"
                  "    az group create -n myResourceGroup -l eastus\n\n"
                  "Nothing leaves 127.0.0.1: telemetry, update checks and online help are off.\n",
                  stdout);
            return 0;
        default: return 2;
        }
    }
    struct ak_client c;
    if (ak_client_open(&c, url_flag, data_flag) != 0) {
        fprintf(stderr, "ERROR: %s\n", c.errbuf);
        ak_client_close(&c);
        return 1;
    }
    struct ak_client_resp r;
    if (ak_client_do(&c, "GET", "/subscriptions?api-version=2019-11-01", NULL, &r) != 0) {
        fprintf(stderr, "ERROR: %s (is 'aksemu serve' running?)\n", c.errbuf);
        ak_client_resp_release(&r);
        ak_client_close(&c);
        return 1;
    }
    struct sub_info si;
    memset(&si, 0, sizeof(si));
    json_t *j = json_loadb(ak_buf_cstr(&r.body), r.body.len, 0, NULL);
    json_t *first = json_array_get(json_object_get(j, "value"), 0);
    const char *sid = json_string_value(json_object_get(first, "subscriptionId"));
    const char *tid = json_string_value(json_object_get(first, "tenantId"));
    const char *nm = json_string_value(json_object_get(first, "displayName"));
    if (r.status != 200 || !sid || !tid) {
        fprintf(stderr, "ERROR: %s did not answer GET /subscriptions as an aksemu daemon (HTTP %ld)\n",
                c.base, r.status);
        json_decref(j);
        ak_client_resp_release(&r);
        ak_client_close(&c);
        return 1;
    }
    snprintf(si.id, sizeof(si.id), "%s", sid);
    snprintf(si.tenant, sizeof(si.tenant), "%s", tid);
    snprintf(si.name, sizeof(si.name), "%s", nm ? nm : "aksemu");
    json_decref(j);
    ak_client_resp_release(&r);

    /* the access token az will present: a JWT signed with the daemon's token (what its ADFS
     * would issue, valid until 2100); the token is also the service principal's secret, so a
     * token az asks the ADFS for is signed alike */
    char payload[512];
    snprintf(payload, sizeof(payload),
             "{\"aud\":\"%s\",\"iss\":\"%s/adfs\",\"exp\":4102444800,\"appid\":\"%s\",\"tid\":\"%s\","
             "\"idtyp\":\"app\",\"ver\":\"1.0\"}",
             AAD_RESOURCE, c.base, AZ_CLIENT_ID, si.tenant);
    char *token = ak_auth_jwt_sign(c.token, payload);

    char *data_abs = abs_path(c.data_dir);
    char dir[4200], hdir[4200];
    snprintf(dir, sizeof(dir), "%s/az", data_abs);
    snprintf(hdir, sizeof(hdir), "%s/az-hybrid", data_abs);
    int rc = 0;
    if (write_dir(dir, c.base, &si, token, c.token, NULL) != 0 ||
        write_dir(hdir, c.base, &si, token, c.token, "2020-09-01-hybrid") != 0)
        rc = 1;
    char *ca = abs_path(c.ca_path);
    if (rc == 0) {
        struct ak_buf out = AK_BUF_INIT(AK_BUF_UNLIMITED);
        ak_buf_puts(&out, "export AZURE_CONFIG_DIR=");
        shell_quote(dir, &out);
        ak_buf_puts(&out, "\nexport AZURE_CORE_COLLECT_TELEMETRY=no\nexport REQUESTS_CA_BUNDLE=");
        shell_quote(ca, &out);
        ak_buf_puts(&out, "\nexport AKSEMU_URL=");
        shell_quote(c.base, &out);
        ak_buf_puts(&out, "\nexport AKSEMU_DATA=");
        shell_quote(data_abs, &out);
        ak_buf_puts(&out, "\nunset AZURE_CLI_DISABLE_CONNECTION_VERIFICATION\n"
                          "# Debian's az 2.45 needs the 2020-09-01-hybrid profile for 'az vmss'\n"
                          "az() { if [ \"$1\" = vmss ]; then AZURE_CONFIG_DIR=");
        shell_quote(hdir, &out);
        ak_buf_puts(&out, " command az \"$@\"; else command az \"$@\"; fi; }\n");
        fputs(ak_buf_cstr(&out), stdout);
        ak_buf_release(&out);
    }
    free(ca);
    free(token);
    free(data_abs);
    ak_client_close(&c);
    return rc;
}
