#include "ak_client.h"

#include <curl/curl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <sys/stat.h>

#include "../api/ak_tls.h"
#include "../util/ak_mem.h"
#include "../util/ak_str.h"
#include "../util/ak_banned.h"

static char *trim_dup(const char *s)
{
    while (*s == ' ' || *s == '\t')
        s++;
    size_t n = strlen(s);
    while (n && (s[n - 1] == '\n' || s[n - 1] == '\r' || s[n - 1] == ' ' || s[n - 1] == '/'))
        n--;
    return ak_xstrndup(s, n);
}

int ak_client_open(struct ak_client *c, const char *url_flag, const char *data_flag)
{
    memset(c, 0, sizeof(*c));
    const char *data = data_flag ? data_flag : getenv("AKSEMU_DATA");
    if (!data || !*data)
        data = "./.aksemu";
    c->data_dir = ak_xstrdup(data);
    const char *url = url_flag ? url_flag : getenv("AKSEMU_URL");
    if (url && *url) {
        c->base = trim_dup(url);
    } else {
        char path[4096];
        snprintf(path, sizeof(path), "%s/url", data);
        char *f = ak_read_file(path, NULL);
        c->base = f ? trim_dup(f) : ak_xstrdup("https://127.0.0.1:8443");
        free(f);
    }
    if (!ak_istarts_with(c->base, "https://")) {
        snprintf(c->errbuf, sizeof(c->errbuf),
                 "--url %.1000s: the daemon speaks HTTPS only; use https://HOST:PORT", c->base);
        return -1;
    }
    char ca[4096];
    snprintf(ca, sizeof(ca), "%s/tls/ca.pem", data);
    struct stat sb;
    if (stat(ca, &sb) != 0) {
        snprintf(c->errbuf, sizeof(c->errbuf),
                 "cannot find the daemon's certificate %.1000s: pass --data DIR (the daemon's --data) "
                 "or set AKSEMU_DATA, and make sure 'aksemu serve' has run",
                 ca);
        return -1;
    }
    c->ca_path = ak_xstrdup(ca);
    char tokpath[4096];
    snprintf(tokpath, sizeof(tokpath), "%s/token", data);
    const char *env = getenv("AKSEMU_TOKEN");
    char *tok = env && *env ? ak_xstrdup(env) : ak_read_file(tokpath, NULL);
    c->token = tok ? trim_dup(tok) : ak_xstrdup("none"); /* a daemon with --auth none */
    free(tok);
    curl_global_init(CURL_GLOBAL_DEFAULT);
    c->curl = curl_easy_init();
    if (!c->curl) {
        snprintf(c->errbuf, sizeof(c->errbuf), "libcurl initialisation failed");
        return -1;
    }
    return 0;
}

void ak_client_close(struct ak_client *c)
{
    if (c->curl)
        curl_easy_cleanup(c->curl);
    free(c->base);
    free(c->data_dir);
    free(c->ca_path);
    free(c->token);
    curl_slist_free_all(c->extra_headers);
    memset(c, 0, sizeof(*c));
}

void ak_client_add_header(struct ak_client *c, const char *line)
{
    c->extra_headers = curl_slist_append(c->extra_headers, line);
}

void ak_client_resp_release(struct ak_client_resp *r)
{
    ak_buf_release(&r->body);
    free(r->azure_async);
    free(r->location);
    memset(r, 0, sizeof(*r));
}

static size_t on_body(char *p, size_t sz, size_t n, void *ud)
{
    struct ak_buf *b = ud;
    if (ak_buf_append(b, p, sz * n) != 0)
        return 0;
    return sz * n;
}

static size_t on_header(char *p, size_t sz, size_t n, void *ud)
{
    struct ak_client_resp *r = ud;
    size_t len = sz * n;
    char line[2048];
    size_t l = len < sizeof(line) - 1 ? len : sizeof(line) - 1;
    memcpy(line, p, l);
    line[l] = '\0';
    char *colon = strchr(line, ':');
    if (!colon)
        return len;
    *colon = '\0';
    char *val = trim_dup(colon + 1);
    if (strcasecmp(line, "Azure-AsyncOperation") == 0) {
        free(r->azure_async);
        r->azure_async = val;
    } else if (strcasecmp(line, "Location") == 0) {
        free(r->location);
        r->location = val;
    } else {
        if (strcasecmp(line, "Retry-After") == 0) {
            int64_t v;
            if (ak_parse_i64(val, 0, 3600, &v) == 0)
                r->retry_after = (int)v;
        }
        free(val);
    }
    return len;
}

int ak_client_do(struct ak_client *c, const char *method, const char *path, const char *body,
                 struct ak_client_resp *out)
{
    memset(out, 0, sizeof(*out));
    ak_buf_init(&out->body, 64u << 20);
    out->retry_after = -1;
    CURL *h = c->curl;
    char *url = ak_istarts_with(path, "https://") ? ak_xstrdup(path)
                                                  : ak_xasprintf("%s%s", c->base, path);
    char auth[512];
    snprintf(auth, sizeof(auth), "Authorization: Bearer %s", c->token);
    struct curl_slist *hdrs = NULL;
    hdrs = curl_slist_append(hdrs, auth);
    hdrs = curl_slist_append(hdrs, "Accept: application/json");
    if (body)
        hdrs = curl_slist_append(hdrs, "Content-Type: application/json");
    hdrs = curl_slist_append(hdrs, "User-Agent: aksemu-cli");
    for (struct curl_slist *e = c->extra_headers; e; e = e->next)
        hdrs = curl_slist_append(hdrs, e->data);
    char errbuf[CURL_ERROR_SIZE] = "";
    curl_easy_reset(h);
    curl_easy_setopt(h, CURLOPT_URL, url);
    curl_easy_setopt(h, CURLOPT_CAINFO, c->ca_path);
    curl_easy_setopt(h, CURLOPT_HTTPHEADER, hdrs);
    curl_easy_setopt(h, CURLOPT_CUSTOMREQUEST, method);
    if (strcmp(method, "HEAD") == 0)
        curl_easy_setopt(h, CURLOPT_NOBODY, 1L);
    if (body) {
        curl_easy_setopt(h, CURLOPT_POSTFIELDS, body);
        curl_easy_setopt(h, CURLOPT_POSTFIELDSIZE, (long)strlen(body));
    } else if (strcmp(method, "POST") == 0 || strcmp(method, "PUT") == 0) {
        curl_easy_setopt(h, CURLOPT_POSTFIELDS, "");
        curl_easy_setopt(h, CURLOPT_POSTFIELDSIZE, 0L);
    }
    curl_easy_setopt(h, CURLOPT_WRITEFUNCTION, on_body);
    curl_easy_setopt(h, CURLOPT_WRITEDATA, &out->body);
    curl_easy_setopt(h, CURLOPT_HEADERFUNCTION, on_header);
    curl_easy_setopt(h, CURLOPT_HEADERDATA, out);
    curl_easy_setopt(h, CURLOPT_ERRORBUFFER, errbuf);
    curl_easy_setopt(h, CURLOPT_CONNECTTIMEOUT, 10L);
    curl_easy_setopt(h, CURLOPT_TIMEOUT, 120L);
    curl_easy_setopt(h, CURLOPT_NOPROXY, "*");
    CURLcode rc = curl_easy_perform(h);
    curl_slist_free_all(hdrs);
    if (rc != CURLE_OK) {
        snprintf(c->errbuf, sizeof(c->errbuf), "cannot reach the aksemu daemon at %.400s: %.600s", c->base,
                 errbuf[0] ? errbuf : curl_easy_strerror(rc));
        free(url);
        return -1;
    }
    curl_easy_getinfo(h, CURLINFO_RESPONSE_CODE, &out->status);
    free(url);
    return 0;
}
