#include "ak_err.h"

#include <stdarg.h>
#include <stdio.h>
#include <string.h>

#include "ak_banned.h"

static int rc_for_status(int status)
{
    switch (status) {
    case 404: return AK_ENOENT;
    case 409: return AK_ECONFLICT;
    case 413: return AK_ETOOBIG;
    default:
        if (status >= 500)
            return AK_EIO;
        return AK_EINVAL;
    }
}

int ak_err_set(struct ak_err *err, int status, const char *code, const char *fmt, ...)
{
    if (err) {
        err->status = status;
        snprintf(err->code, sizeof(err->code), "%s", code);
        err->target[0] = '\0';
        va_list ap;
        va_start(ap, fmt);
        vsnprintf(err->message, sizeof(err->message), fmt, ap);
        va_end(ap);
    }
    return rc_for_status(status);
}

void ak_err_target(struct ak_err *err, const char *target)
{
    if (err)
        snprintf(err->target, sizeof(err->target), "%s", target);
}

void ak_err_clear(struct ak_err *err)
{
    if (err)
        memset(err, 0, sizeof(*err));
}

const char *ak_strerror(int rc)
{
    switch (rc) {
    case AK_OK: return "success";
    case AK_EINVAL: return "invalid argument";
    case AK_ENOENT: return "not found";
    case AK_EEXIST: return "already exists";
    case AK_ETOOBIG: return "too big";
    case AK_EIO: return "I/O error";
    case AK_ECONFLICT: return "conflict";
    case AK_ENOMEM: return "out of memory";
    case AK_EAGAIN: return "try again";
    default: return "unknown error";
    }
}
