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
    int ms = 0;
    char rest[32] = "";
    int n = sscanf(s, "%4d-%2d-%2dT%2d:%2d:%2d%31s", &tm.tm_year, &tm.tm_mon, &tm.tm_mday,
                   &tm.tm_hour, &tm.tm_min, &tm.tm_sec, rest);
    if (n < 6)
        return AK_EINVAL;
    if (rest[0] == '.') {
        int digits = 0;
        for (const char *p = rest + 1; *p >= '0' && *p <= '9'; p++, digits++)
            if (digits < 3)
                ms = ms * 10 + (*p - '0');
        while (digits > 0 && digits < 3) {
            ms *= 10;
            digits++;
        }
    }
    tm.tm_year -= 1900;
    tm.tm_mon -= 1;
    time_t t = timegm(&tm);
    *ms_out = (int64_t)t * 1000 + ms;
    return 0;
}
