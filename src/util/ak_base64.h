/* ak_base64.h - RFC 4648 base64 (standard alphabet, padded). */
#ifndef AK_BASE64_H
#define AK_BASE64_H

#include <stddef.h>

char *ak_base64_encode(const void *data, size_t len);                /* caller frees */
/* Decodes standard or URL-safe base64, padding optional; NULL on bad input. */
char *ak_base64_decode(const char *s, size_t slen, size_t *outlen); /* caller frees */

#endif
