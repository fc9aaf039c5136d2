/* ak_log.h - one line per event, level checked before formatting. */
#ifndef AK_LOG_H
#define AK_LOG_H

enum ak_log_level { AK_LOG_DEBUG, AK_LOG_INFO, AK_LOG_WARN, AK_LOG_ERROR, AK_LOG_OFF };
extern enum ak_log_level ak_log_min;

void ak_log_write(enum ak_log_level lv, const char *mod, const char *fmt, ...)
    __attribute__((format(printf, 3, 4)));
int ak_log_parse_level(const char *s, enum ak_log_level *out);

#define ak_log(lv, mod, ...)                                                            \
    do {                                                                                \
        if ((lv) >= ak_log_min)                                                         \
            ak_log_write((lv), (mod), __VA_ARGS__);                                     \
    } while (0)

#endif
