#include "ak_time.h"

#include <stdio.h>
#include <string.h>
#include <time.h>

#include "ak_err.h"
#include "ak_banned.h"

int64_t ak_wall_ms(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_REALTIME, &ts);
    return (int64_t)ts.tv_sec * 1000 + ts.tv_nsec / 1000000;
}

int64_t ak_mono_ns(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (int64_t)ts.tv_sec * 1000000000ll + ts.tv_nsec;
}

void ak_fmt_time(int64_t ms, int frac, char out[40])
{
    time_t t = (time_t)(ms / 1000);
    struct tm tm;
    gmtime_r(&t, &tm);
    char buf[128];
    if (frac)
        snprintf(buf, sizeof(buf), "%04d-%02d-%02dT%02d:%02d:%02d.%03d0000Z", tm.tm_year + 1900,
                 tm.tm_mon + 1, tm.tm_mday, tm.tm_hour, tm.tm_min, tm.tm_sec,
                 (int)(ms % 1000));
    else
        snprintf(buf, sizeof(buf), "%04d-%02d-%02dT%02d:%02d:%02dZ", tm.tm_year + 1900,
                 tm.tm_mon + 1, tm.tm_mday, tm.tm_hour, tm.tm_min, tm.tm_sec);
    size_t n = strlen(buf);
    if (n > 39)
        n = 39;
    memcpy(out, buf, n);
    out[n] = '\0';
}

int ak_parse_time(const char *s, int64_t *ms_out)
{
    struct tm tm;
    memset(&tm, 0, sizeof(tm));
    int ms = 0, pos = 0;
    if (sscanf(s, "%4d-%2d-%2dT%2d:%2d:%2d%n", &tm.tm_year, &tm.tm_mon, &tm.tm_mday,
               &tm.tm_hour, &tm.tm_min, &tm.tm_sec, &pos) != 6)
        return AK_EINVAL;
    if (tm.tm_mon < 1 || tm.tm_mon > 12 || tm.tm_mday < 1 || tm.tm_mday > 31 ||
        tm.tm_hour < 0 || tm.tm_hour > 23 || tm.tm_min < 0 || tm.tm_min > 59 || tm.tm_sec < 0 ||
        tm.tm_sec > 60)
        return AK_EINVAL;
    const char *p = s + pos;
    if (*p == '.') {
        int digits = 0;
        for (p++; *p >= '0' && *p <= '9'; p++, digits++)
            if (digits < 3)
                ms = ms * 10 + (*p - '0');
        if (digits == 0)
            return AK_EINVAL;
        while (digits > 0 && digits < 3) {
            ms *= 10;
            digits++;
        }
    }
    /* RFC 3339 zone: Z, +hh:mm or -hh:mm (none is taken as UTC); anything else is an error */
    int off_min = 0;
    if (*p == 'Z' || *p == 'z') {
        p++;
    } else if (*p == '+' || *p == '-') {
        int oh, om, n = 0;
        if (!(p[1] >= '0' && p[1] <= '9') || sscanf(p + 1, "%2d:%2d%n", &oh, &om, &n) != 2 ||
            oh > 23 || om < 0 || om > 59)
            return AK_EINVAL;
        off_min = (oh * 60 + om) * (*p == '-' ? -1 : 1);
        p += 1 + n;
    }
    if (*p != '\0')
        return AK_EINVAL;
    tm.tm_year -= 1900;
    tm.tm_mon -= 1;
    time_t t = timegm(&tm);
    *ms_out = (int64_t)t * 1000 + ms - (int64_t)off_min * 60000;
    return 0;
}
