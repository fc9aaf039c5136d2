/* ak_tls.h - the daemon's TLS material: a private CA and a server certificate for
 * 127.0.0.1/localhost signed by it, generated into DIR/tls/ on first start and reused after.
 * Clients trust DIR/tls/ca.pem (az: REQUESTS_CA_BUNDLE; kubectl: certificate-authority-data). */
#ifndef AK_TLS_H
#define AK_TLS_H

#include <stddef.h>

struct ak_tls_files {
    char *ca_pem;     /* CA certificate (PEM) */
    char *cert_pem;   /* server certificate followed by the CA (PEM chain) */
    char *key_pem;    /* server private key */
};

/* Creates dir/tls if needed; 0 or AK_EIO with a message in errbuf. */
int ak_tls_ensure(const char *data_dir, struct ak_tls_files *out, char *errbuf, size_t errlen);
void ak_tls_files_release(struct ak_tls_files *f);
/* Reads a whole file into a NUL-terminated buffer (caller frees). NULL on error. */
char *ak_read_file(const char *path, size_t *len);
/* Writes atomically (temp file + rename) with the given mode. */
int ak_write_file(const char *path, const char *data, size_t len, int mode);

#endif
