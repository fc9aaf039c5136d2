/* ak_time.h - wall-clock helpers and RFC 3339 formatting. */
#ifndef AK_TIME_H
#define AK_TIME_H

#include <stdint.h>

int64_t ak_wall_ms(void);  /* CLOCK_REALTIME in ms */
int64_t ak_mono_ns(void);  /* CLOCK_MONOTONIC in ns */
/* "2026-11-28T10:58:27Z" (frac=0) or "2026-11-28T10:58:27.123456Z" (frac=1, 7 digits like ARM) */
void ak_fmt_time(int64_t ms, int frac, char out[40]);
int ak_parse_time(const char *s, int64_t *ms_out);

#endif
