/* ak_cli_ui.c - `aksemu ui`: prints the web view's address with the ARM token in its fragment
 * (/ui/#token=...): AKSEMU_TOKEN, else the daemon's DATA/token. The fragment never leaves the
 * browser; the page moves it into sessionStorage and drops it from the address bar. */
#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "ak_cli_int.h"
#include "../api/ak_tls.h"
#include "../util/ak_buf.h"
#include "../util/ak_mem.h"
#include "../util/ak_banned.h"

static char *trimmed(char *s)
{
    if (!s)
        return NULL;
    size_t n = strlen(s);
    while (n && (s[n - 1] == '\n' || s[n - 1] == '\r' || s[n - 1] == ' ' || s[n - 1] == '\t' ||
                 s[n - 1] == '/'))
        s[--n] = '\0';
    return s;
}

int ak_cmd_ui(int argc, char **argv)
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
            fputs("usage: aksemu ui [--url URL] [--data DIR]\n\n"
                  "Prints the address of the daemon's web view with its API token, e.g.\n\n"
                  "    https://127.0.0.1:8443/ui/#token=...\n\n"
                  "The daemon is found as the other commands find it: --url (AKSEMU_URL), else\n"
                  "DIR/url of --data (AKSEMU_DATA, default ./.aksemu). The token is AKSEMU_TOKEN,\n"
                  "else DIR/token (\"none\" when there is none). Trust DIR/tls/ca.pem in the browser,\n"
                  "or accept its certificate once. See docs/ui.md.\n",
                  stdout);
            return 0;
        default: return 2;
        }
    }
    if (optind < argc) {
        fprintf(stderr, "aksemu ui: unexpected argument '%s'\n", argv[optind]);
        return 2;
    }
    const char *data = data_flag ? data_flag : getenv("AKSEMU_DATA");
    if (!data || !*data)
        data = "./.aksemu";
    const char *env_url = url_flag ? url_flag : getenv("AKSEMU_URL");
    char path[4096];
    char *base;
    if (env_url && *env_url) {
        base = trimmed(ak_xstrdup(env_url));
    } else {
        snprintf(path, sizeof(path), "%s/url", data);
        base = trimmed(ak_read_file(path, NULL));
        if (!base || !*base) {
            free(base);
            base = ak_xstrdup("https://127.0.0.1:8443");
        }
    }
    if (!ak_istarts_with(base, "https://")) {
        fprintf(stderr, "aksemu ui: --url %s: the daemon speaks HTTPS only; use https://HOST:PORT\n",
                base);
        free(base);
        return 2;
    }
    /* the token as the other commands find it: AKSEMU_TOKEN, else DATA/token */
    const char *env_tok = getenv("AKSEMU_TOKEN");
    char *tok = env_tok && *env_tok ? ak_xstrdup(env_tok) : NULL;
    static const char *const files[] = {"token"};
    for (size_t i = 0; !tok && i < sizeof(files) / sizeof(files[0]); i++) {
        snprintf(path, sizeof(path), "%s/%s", data, files[i]);
        tok = trimmed(ak_read_file(path, NULL));
        if (tok && !*tok) {
            free(tok);
            tok = NULL;
        }
    }
    struct ak_buf out = AK_BUF_INIT(AK_BUF_UNLIMITED);
    ak_buf_printf(&out, "%s/ui/#token=", base);
    const char *t = tok && *tok ? tok : "none";
    for (const unsigned char *p = (const unsigned char *)t; *p; p++) {
        if ((*p >= 'A' && *p <= 'Z') || (*p >= 'a' && *p <= 'z') || (*p >= '0' && *p <= '9') ||
            *p == '-' || *p == '.' || *p == '_' || *p == '~')
            ak_buf_append(&out, p, 1);
        else
            ak_buf_printf(&out, "%%%02X", *p);
    }
    printf("%s\n", out.data);
    ak_buf_release(&out);
    free(tok);
    free(base);
    return 0;
}
