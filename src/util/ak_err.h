/* ak_err.h - error codes (negative) and API error details.
 * Functions return 0 or a negative AK_E*. Details meant for API responses go into an
 * optional struct ak_err: HTTP status + code + message (+ target), rendered by each front
 * door in its own shape (ARM error JSON, Kubernetes Status, CLI "ERROR: (Code) message"). */
#ifndef AK_ERR_H
#define AK_ERR_H

enum {
    AK_OK = 0,
    AK_EINVAL = -1,    /* bad input */
    AK_ENOENT = -2,    /* not found */
    AK_EEXIST = -3,    /* already exists */
    AK_ETOOBIG = -4,   /* a ceiling was hit */
    AK_EIO = -5,       /* store / system failure */
    AK_ECONFLICT = -6, /* state forbids the operation now */
    AK_ENOMEM = -7,
    AK_EAGAIN = -8,
};

struct ak_err {
    int status;         /* HTTP status to answer with */
    char code[64];      /* e.g. "InvalidParameter" */
    char target[128];   /* e.g. "agentPoolProfile.name", may be empty */
    char message[1536];
};

/* Fills *err (if non-NULL) and returns the AK_E* that matches the status. */
int ak_err_set(struct ak_err *err, int status, const char *code, const char *fmt, ...)
    __attribute__((format(printf, 4, 5)));
void ak_err_target(struct ak_err *err, const char *target);
void ak_err_clear(struct ak_err *err);
const char *ak_strerror(int rc);

#endif
