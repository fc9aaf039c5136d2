#include "ak_log.h"

#include <stdarg.h>
#include <stdio.h>
#include <string.h>
#include <sys/time.h>
#include <time.h>

#include "ak_banned.h"

enum ak_log_level ak_log_min = AK_LOG_INFO;

static const char *const level_names[] = {"debug", "info", "warn", "error"};

void ak_log_write(enum ak_log_level lv, const char *mod, const char *fmt, ...)
{
    char line[2048];
    struct timeval tv;
    struct tm tm;
    gettimeofday(&tv, NULL);
    gmtime_r(&tv.tv_sec, &tm);
    int n = snprintf(line, sizeof(line), "%04d-%02d-%02dT%02d:%02d:%02d.%03ldZ %s %s: ",
                     tm.tm_year + 1900, tm.tm_mon + 1, tm.tm_mday, tm.tm_hour, tm.tm_min,
                     tm.tm_sec, (long)(tv.tv_usec / 1000), level_names[lv], mod);
    if (n < 0)
        return;
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(line + n, sizeof(line) - (size_t)n, fmt, ap);
    va_end(ap);
    /* control characters from user input are not allowed to break the one-line rule */
    for (char *p = line; *p; p++)
        if ((unsigned char)*p < 0x20)
            *p = '?';
    fprintf(stderr, "%s\n", line);
}

int ak_log_parse_level(const char *s, enum ak_log_level *out)
{
    for (int i = 0; i < 4; i++)
        if (strcmp(s, level_names[i]) == 0) {
            *out = (enum ak_log_level)i;
            return 0;
        }
    if (strcmp(s, "off") == 0) {
        *out = AK_LOG_OFF;
        return 0;
    }
    return -1;
}
