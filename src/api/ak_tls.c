#include "ak_tls.h"

#include <errno.h>
#include <fcntl.h>
#include <gnutls/gnutls.h>
#include <gnutls/crypto.h>
#include <gnutls/x509.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

#include "../util/ak_err.h"
#include "../util/ak_log.h"
#include "../util/ak_mem.h"
#include "../util/ak_banned.h"

char *ak_read_file(const char *path, size_t *len)
{
    FILE *f = fopen(path, "rb");
    if (!f)
        return NULL;
    char *buf = NULL;
    size_t n = 0, cap = 0;
    char chunk[8192];
    size_t r;
    while ((r = fread(chunk, 1, sizeof(chunk), f)) > 0) {
        AK_GROW(buf, n + r + 1, cap);
        memcpy(buf + n, chunk, r);
        n += r;
    }
    int bad = ferror(f);
    fclose(f);
    if (bad) {
        free(buf);
        return NULL;
    }
    AK_GROW(buf, n + 1, cap);
    buf[n] = '\0';
    if (len)
        *len = n;
    return buf;
}

int ak_write_file(const char *path, const char *data, size_t len, int mode)
{
    char tmp[4096];
    snprintf(tmp, sizeof(tmp), "%s.tmp.%ld", path, (long)getpid());
    int fd = open(tmp, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, mode);
    if (fd < 0)
        return AK_EIO;
    size_t off = 0;
    while (off < len) {
        ssize_t w = write(fd, data + off, len - off);
        if (w < 0) {
            if (errno == EINTR)
                continue;
            close(fd);
            unlink(tmp);
            return AK_EIO;
        }
        off += (size_t)w;
    }
    if (fsync(fd) != 0 || close(fd) != 0) {
        unlink(tmp);
        return AK_EIO;
    }
    if (rename(tmp, path) != 0) {
        unlink(tmp);
        return AK_EIO;
    }
    return 0;
}

static int mkdir_p(const char *dir, int mode)
{
    char buf[4096];
    snprintf(buf, sizeof(buf), "%s", dir);
    for (char *p = buf + 1; *p; p++) {
        if (*p == '/') {
            *p = '\0';
            if (mkdir(buf, (mode_t)mode) != 0 && errno != EEXIST)
                return AK_EIO;
            *p = '/';
        }
    }
    if (mkdir(buf, (mode_t)mode) != 0 && errno != EEXIST)
        return AK_EIO;
    return 0;
}

#define G(x)                                                                                  \
    do {                                                                                      \
        int g_ = (x);                                                                         \
        if (g_ < 0) {                                                                         \
            snprintf(errbuf, errlen, "%s: %s", #x, gnutls_strerror(g_));                      \
            goto out;                                                                         \
        }                                                                                     \
    } while (0)

static char *export_crt(gnutls_x509_crt_t c)
{
    gnutls_datum_t d;
    if (gnutls_x509_crt_export2(c, GNUTLS_X509_FMT_PEM, &d) < 0)
        return NULL;
    char *s = ak_xstrndup((const char *)d.data, d.size);
    gnutls_free(d.data);
    return s;
}

static char *export_key(gnutls_x509_privkey_t k)
{
    gnutls_datum_t d;
    if (gnutls_x509_privkey_export2(k, GNUTLS_X509_FMT_PEM, &d) < 0)
        return NULL;
    char *s = ak_xstrndup((const char *)d.data, d.size);
    gnutls_free(d.data);
    return s;
}

static int generate(struct ak_tls_files *out, char *errbuf, size_t errlen)
{
    int rc = AK_EIO;
    gnutls_x509_privkey_t cakey = NULL, key = NULL;
    gnutls_x509_crt_t ca = NULL, crt = NULL;
    unsigned char serial[16], keyid[64];
    size_t keyid_len = sizeof(keyid);
    time_t now = time(NULL);
    const char *ca_cn = "aksemu local CA";
    const char *cn = "localhost";
    const unsigned char ip[4] = {127, 0, 0, 1};

    G(gnutls_x509_privkey_init(&cakey));
    G(gnutls_x509_privkey_generate(cakey, GNUTLS_PK_ECDSA,
                                   GNUTLS_CURVE_TO_BITS(GNUTLS_ECC_CURVE_SECP256R1), 0));
    G(gnutls_x509_crt_init(&ca));
    G(gnutls_x509_crt_set_version(ca, 3));
    G(gnutls_rnd(GNUTLS_RND_NONCE, serial, sizeof(serial)));
    serial[0] &= 0x7f;
    G(gnutls_x509_crt_set_serial(ca, serial, sizeof(serial)));
    G(gnutls_x509_crt_set_activation_time(ca, now - 3600));
    G(gnutls_x509_crt_set_expiration_time(ca, now + 10L * 365 * 24 * 3600));
    G(gnutls_x509_crt_set_dn_by_oid(ca, GNUTLS_OID_X520_COMMON_NAME, 0, ca_cn, (unsigned)strlen(ca_cn)));
    G(gnutls_x509_crt_set_dn_by_oid(ca, GNUTLS_OID_X520_ORGANIZATION_NAME, 0, "aksemu", 6));
    G(gnutls_x509_crt_set_key(ca, cakey));
    G(gnutls_x509_crt_set_basic_constraints(ca, 1, 0));
    G(gnutls_x509_crt_set_key_usage(ca, GNUTLS_KEY_KEY_CERT_SIGN | GNUTLS_KEY_CRL_SIGN |
                                            GNUTLS_KEY_DIGITAL_SIGNATURE));
    G(gnutls_x509_crt_get_key_id(ca, 0, keyid, &keyid_len));
    G(gnutls_x509_crt_set_subject_key_id(ca, keyid, keyid_len));
    G(gnutls_x509_crt_sign2(ca, ca, cakey, GNUTLS_DIG_SHA256, 0));

    G(gnutls_x509_privkey_init(&key));
    G(gnutls_x509_privkey_generate(key, GNUTLS_PK_ECDSA,
                                   GNUTLS_CURVE_TO_BITS(GNUTLS_ECC_CURVE_SECP256R1), 0));
    G(gnutls_x509_crt_init(&crt));
    G(gnutls_x509_crt_set_version(crt, 3));
    G(gnutls_rnd(GNUTLS_RND_NONCE, serial, sizeof(serial)));
    serial[0] &= 0x7f;
    G(gnutls_x509_crt_set_serial(crt, serial, sizeof(serial)));
    G(gnutls_x509_crt_set_activation_time(crt, now - 3600));
    G(gnutls_x509_crt_set_expiration_time(crt, now + 10L * 365 * 24 * 3600));
    G(gnutls_x509_crt_set_dn_by_oid(crt, GNUTLS_OID_X520_COMMON_NAME, 0, cn, (unsigned)strlen(cn)));
    G(gnutls_x509_crt_set_key(crt, key));
    G(gnutls_x509_crt_set_basic_constraints(crt, 0, -1));
    G(gnutls_x509_crt_set_key_usage(crt, GNUTLS_KEY_DIGITAL_SIGNATURE |
                                             GNUTLS_KEY_KEY_ENCIPHERMENT));
    G(gnutls_x509_crt_set_key_purpose_oid(crt, GNUTLS_KP_TLS_WWW_SERVER, 0));
    G(gnutls_x509_crt_set_subject_alt_name(crt, GNUTLS_SAN_DNSNAME, "localhost", 9,
                                           GNUTLS_FSAN_APPEND));
    G(gnutls_x509_crt_set_subject_alt_name(crt, GNUTLS_SAN_IPADDRESS, ip, 4, GNUTLS_FSAN_APPEND));
    keyid_len = sizeof(keyid);
    G(gnutls_x509_crt_get_key_id(crt, 0, keyid, &keyid_len));
    G(gnutls_x509_crt_set_subject_key_id(crt, keyid, keyid_len));
    keyid_len = sizeof(keyid);
    G(gnutls_x509_crt_get_key_id(ca, 0, keyid, &keyid_len));
    G(gnutls_x509_crt_set_authority_key_id(crt, keyid, keyid_len));
    G(gnutls_x509_crt_sign2(crt, ca, cakey, GNUTLS_DIG_SHA256, 0));

    out->ca_pem = export_crt(ca);
    char *leaf = export_crt(crt);
    out->key_pem = export_key(key);
    char *ca_key = export_key(cakey);
    if (!out->ca_pem || !leaf || !out->key_pem || !ca_key) {
        snprintf(errbuf, errlen, "exporting the generated certificates failed");
        free(leaf);
        free(ca_key);
        goto out;
    }
    out->cert_pem = ak_xasprintf("%s%s", leaf, out->ca_pem);
    free(leaf);
    free(ca_key); /* the CA key is not kept: nothing else is ever signed with it */
    rc = 0;
out:
    if (cakey)
        gnutls_x509_privkey_deinit(cakey);
    if (key)
        gnutls_x509_privkey_deinit(key);
    if (ca)
        gnutls_x509_crt_deinit(ca);
    if (crt)
        gnutls_x509_crt_deinit(crt);
    return rc;
}

int ak_tls_ensure(const char *data_dir, struct ak_tls_files *out, char *errbuf, size_t errlen)
{
    memset(out, 0, sizeof(*out));
    char dir[4096], ca[4200], cert[4200], key[4200];
    snprintf(dir, sizeof(dir), "%s/tls", data_dir);
    snprintf(ca, sizeof(ca), "%s/ca.pem", dir);
    snprintf(cert, sizeof(cert), "%s/server.pem", dir);
    snprintf(key, sizeof(key), "%s/server-key.pem", dir);
    out->ca_pem = ak_read_file(ca, NULL);
    out->cert_pem = ak_read_file(cert, NULL);
    out->key_pem = ak_read_file(key, NULL);
    if (out->ca_pem && out->cert_pem && out->key_pem)
        return 0;
    ak_tls_files_release(out);
    if (mkdir_p(dir, 0700) != 0) {
        snprintf(errbuf, errlen, "cannot create %s: %s", dir, strerror(errno));
        return AK_EIO;
    }
    if (generate(out, errbuf, errlen) != 0)
        return AK_EIO;
    if (ak_write_file(key, out->key_pem, strlen(out->key_pem), 0600) != 0 ||
        ak_write_file(cert, out->cert_pem, strlen(out->cert_pem), 0644) != 0 ||
        ak_write_file(ca, out->ca_pem, strlen(out->ca_pem), 0644) != 0) {
        snprintf(errbuf, errlen, "cannot write the certificates into %s: %s", dir, strerror(errno));
        ak_tls_files_release(out);
        return AK_EIO;
    }
    ak_log(AK_LOG_INFO, "tls", "generated a CA and a server certificate for 127.0.0.1/localhost in %s",
           dir);
    return 0;
}

void ak_tls_files_release(struct ak_tls_files *f)
{
    free(f->ca_pem);
    free(f->cert_pem);
    free(f->key_pem);
    memset(f, 0, sizeof(*f));
}
