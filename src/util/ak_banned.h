/* ak_banned.h - foot-guns that must not be used; include last in every .c file. */
#ifndef AK_BANNED_H
#define AK_BANNED_H

#define AK_BANNED(f) sorry_##f##_is_banned_in_this_project

#undef strcpy
#define strcpy(d, s) AK_BANNED(strcpy)
#undef strcat
#define strcat(d, s) AK_BANNED(strcat)
#undef strncpy
#define strncpy(d, s, n) AK_BANNED(strncpy)
#undef sprintf
#define sprintf(...) AK_BANNED(sprintf)
#undef vsprintf
#define vsprintf(...) AK_BANNED(vsprintf)
#undef strtok
#define strtok(s, d) AK_BANNED(strtok)
#undef atoi
#define atoi(s) AK_BANNED(atoi)
#undef atol
#define atol(s) AK_BANNED(atol)
#undef gmtime
#define gmtime(t) AK_BANNED(gmtime)
#undef localtime
#define localtime(t) AK_BANNED(localtime)
#undef ctime
#define ctime(t) AK_BANNED(ctime)
#undef mktemp
#define mktemp(t) AK_BANNED(mktemp)

#endif
