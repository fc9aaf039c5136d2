/* ak_client.h - the CLI's HTTPS client of the daemon (libcurl, keep-alive, trusts the
 * daemon's CA from its data directory). */
#ifndef AK_CLIENT_H
#define AK_CLIENT_H

#include <stdbool.h>
#include <stddef.h>

#include "../util/ak_buf.h"

struct ak_client {
    void *curl;
    char *base;    /* "https://127.0.0.1:8443", no trailing slash */
    char *data_dir;
    char *ca_path;
    char *token;
    char errbuf[1400];
    void *extra_headers; /* curl_slist of ak_client_add_header() lines, sent on every request */
};

struct ak_client_resp {
    long status;
    struct ak_buf body;
    char *azure_async; /* Azure-AsyncOperation header, or NULL */
    char *location;    /* Location header, or NULL */
    int retry_after;   /* seconds, -1 if absent */
};

/* Resolves the daemon URL (url_flag > AKSEMU_URL > DATA/url > https://127.0.0.1:8443) and the
 * data directory (data_flag > AKSEMU_DATA > ./.aksemu), and checks the CA file exists.
 * Returns 0, or -1 with a message for the user in c->errbuf. */
int ak_client_open(struct ak_client *c, const char *url_flag, const char *data_flag);
void ak_client_close(struct ak_client *c);
/* path may be absolute ("https://...") or start with '/'. body may be NULL.
 * Returns 0 when an HTTP response arrived (any status), -1 on transport failure (errbuf). */
int ak_client_do(struct ak_client *c, const char *method, const char *path, const char *body,
                 struct ak_client_resp *out);
void ak_client_resp_release(struct ak_client_resp *r);
/* Adds "Name: value" to every later request (az's x-ms-client-request-id, CommandName...). */
void ak_client_add_header(struct ak_client *c, const char *line);

#endif
