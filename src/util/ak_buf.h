/* ak_buf.h - growable byte buffer with a ceiling.
 * Invariants: data is NULL or NUL-terminated; len <= max. Appends past max fail
 * with AK_ETOOBIG and leave the buffer unchanged. */
#ifndef AK_BUF_H
#define AK_BUF_H

#include <stdarg.h>
#include <stddef.h>

struct ak_buf {
    char *data;
    size_t len, cap, max;
};

#define AK_BUF_INIT(maxbytes) {NULL, 0, 0, (maxbytes)}
#define AK_BUF_UNLIMITED ((size_t)1 << 40)

void ak_buf_init(struct ak_buf *b, size_t max);
void ak_buf_release(struct ak_buf *b);
void ak_buf_reset(struct ak_buf *b); /* len = 0, keeps memory */
int ak_buf_append(struct ak_buf *b, const void *p, size_t n);
int ak_buf_puts(struct ak_buf *b, const char *s);
int ak_buf_putc(struct ak_buf *b, char c);
int ak_buf_printf(struct ak_buf *b, const char *fmt, ...) __attribute__((format(printf, 2, 3)));
int ak_buf_vprintf(struct ak_buf *b, const char *fmt, va_list ap);
/* Appends s as a quoted JSON string (NULL -> null). */
int ak_buf_json_str(struct ak_buf *b, const char *s);
char *ak_buf_detach(struct ak_buf *b, size_t *len); /* caller frees; buffer reset */
const char *ak_buf_cstr(struct ak_buf *b);          /* never NULL */

#endif
