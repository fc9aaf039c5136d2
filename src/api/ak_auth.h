/* ak_auth.h - the daemon's bearer token: DATA/token (created on first start, 0600), the
 * HS256 JWTs the fake ADFS issues with it, and the check both front doors make.
 *
 * A request to Azure Resource Manager is authorised when its `Authorization: Bearer` value is
 * the token itself (for curl and scripts) or a JWT signed with it (HMAC-SHA256) whose `exp`
 * has not passed (what az presents). The Kubernetes API checks each cluster's own tokens
 * (from its kubeconfig); see ak_kapi.c. */
#ifndef AK_AUTH_H
#define AK_AUTH_H

#include <stddef.h>
#include <stdint.h>

#define AK_AUTH_TOKEN_FILE "token"

/* Reads DIR/token, creating it with 32 random bytes (base64url, 43 characters) when it does
 * not exist. *out is the token (caller frees). -1 with a message in err on failure. */
int ak_auth_token_ensure(const char *dir, char **out, char *err, size_t errlen);

/* A compact JWT {"typ":"JWT","alg":"HS256"}.<payload>.<HMAC-SHA256(key)> (caller frees). */
char *ak_auth_jwt_sign(const char *key, const char *payload_json);

enum ak_auth_result {
    AK_AUTH_OK,
    AK_AUTH_MISSING,  /* no Authorization header, or not a Bearer one */
    AK_AUTH_INVALID,  /* neither the token nor a JWT signed with it */
    AK_AUTH_EXPIRED,  /* a JWT signed with the token whose exp has passed */
};

/* Checks an Authorization header value (may be NULL) against key at time now_s (Unix s).
 * *exp_s gets the JWT's exp for AK_AUTH_EXPIRED (may be NULL). Constant-time comparisons. */
enum ak_auth_result ak_auth_check(const char *key, const char *authorization, int64_t now_s,
                                  int64_t *exp_s);

/* base64url without padding (caller frees) */
char *ak_auth_b64url(const void *data, size_t len);

#endif
