/* ak_sandbox.c - see ak_sandbox.h.
 *
 * Process layout of a run:
 *   daemon --clone(NEWUSER|NEWNS|NEWPID|NEWNET|NEWUTS|NEWIPC)--> init (pid 1 of the run)
 *   init: waits for the daemon to write its uid/gid maps, composes the root (bind mounts,
 *         proc, tmpfs), pivot_root()s into it, forks the shell and reaps until the shell
 *         exits; then it reports the shell's wait status and exits, which makes the kernel
 *         SIGKILL everything left in the pid namespace.
 *   shell (pid 2): stdio = /dev/null + the two output pipes, rlimits, reduced capability
 *         bounding set, no_new_privs, every other fd closed, execve("/bin/sh", "-c", cmd).
 * fd 3 of init/shell is the status pipe (CLOEXEC): type-length-value records, 'E' = setup
 * error text, 'S' = the shell's wait status. Its EOF tells the daemon that init has exited.
 *
 * Mount targets are opened component by component with O_NOFOLLOW from the new root (the
 * node dir is writable by sandboxed commands, which may plant symlinks there) and mounted
 * through /proc/self/fd/N, so no target resolves to a host path. */
#include "ak_sandbox.h"

#include <elf.h>
#include <errno.h>
#include <fcntl.h>
#include <ftw.h>
#include <grp.h>
#include <limits.h>
#include <linux/capability.h>
#include <sched.h>
#include <signal.h>
#include <spawn.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/epoll.h>
#include <sys/mount.h>
#include <sys/prctl.h>
#include <sys/resource.h>
#include <sys/socket.h>
#include <sys/stat.h>
#include <sys/statvfs.h>
#include <sys/syscall.h>
#include <sys/types.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#include "runtime/ak_loop.h"
#include "util/ak_err.h"
#include "util/ak_mem.h"
#include "util/ak_time.h"
#include "util/ak_banned.h"

extern char **environ;

#define STAMP_NAME ".aksemu-base-stamp"
#define BASE_LAYOUT 1
#define NBASE_DIRS 4
static const char *const base_dirs[NBASE_DIRS] = {"bin", "sbin", "usr/bin", "usr/sbin"};
#define STATUS_MAX 4096
#define GRACE_MS 2000
#define ENV_PATH "PATH=/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin"

/* child fd slots (after the shuffle in init) */
enum { FD_STATUS = 3, FD_SYNC = 4, FD_OUT = 5, FD_ERR = 6, FD_NSLOTS = 4 };

static char *g_title;    /* the daemon's argv area: the sandbox's pid 1 shows "/sbin/init" */
static size_t g_title_len;

static const char passwd_txt[] =
    "root:x:0:0:root:/root:/bin/bash\n"
    "daemon:x:1:1:daemon:/usr/sbin:/usr/sbin/nologin\n"
    "azureuser:x:1000:1000:Ubuntu:/home/azureuser:/bin/bash\n"
    "nobody:x:65534:65534:nobody:/nonexistent:/usr/sbin/nologin\n";
static const char group_txt[] =
    "root:x:0:\n"
    "adm:x:4:azureuser\n"
    "sudo:x:27:azureuser\n"
    "azureuser:x:1000:\n"
    "nogroup:x:65534:\n";

/* ---------------------------------------------------------------- small helpers */

static int seterr(char *err, size_t errlen, int rc, const char *fmt, ...)
    __attribute__((format(printf, 4, 5)));
static int seterr(char *err, size_t errlen, int rc, const char *fmt, ...)
{
    if (err && errlen) {
        va_list ap;
        va_start(ap, fmt);
        vsnprintf(err, errlen, fmt, ap);
        va_end(ap);
    }
    return rc;
}

static int mkdir_p(const char *path, mode_t mode)
{
    char buf[PATH_MAX];
    size_t n = strlen(path);
    if (n == 0 || n >= sizeof(buf))
        return -ENAMETOOLONG;
    memcpy(buf, path, n + 1);
    for (char *p = buf + 1;; p++) {
        if (*p == '/' || *p == '\0') {
            char c = *p;
            *p = '\0';
            if (mkdir(buf, mode) < 0 && errno != EEXIST)
                return -errno;
            *p = c;
            if (c == '\0')
                break;
        }
    }
    return 0;
}

static int write_file_atomic(const char *path, const char *data, size_t len, mode_t mode)
{
    char tmp[PATH_MAX];
    if (snprintf(tmp, sizeof(tmp), "%s.tmp%d", path, (int)getpid()) >= (int)sizeof(tmp))
        return -ENAMETOOLONG;
    int fd = open(tmp, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC | O_NOFOLLOW, mode);
    if (fd < 0)
        return -errno;
    size_t off = 0;
    while (off < len) {
        ssize_t w = write(fd, data + off, len - off);
        if (w < 0 && errno == EINTR)
            continue;
        if (w <= 0) {
            int e = errno ? errno : EIO;
            close(fd);
            unlink(tmp);
            return -e;
        }
        off += (size_t)w;
    }
    if (fchmod(fd, mode) < 0 || close(fd) < 0) {
        int e = errno;
        unlink(tmp);
        return -e;
    }
    if (rename(tmp, path) < 0) {
        int e = errno;
        unlink(tmp);
        return -e;
    }
    return 0;
}

/* 1 if the ELF file has no PT_INTERP (static), 0 if dynamic, <0 on error. */
static int elf_is_static(const char *path)
{
    int fd = open(path, O_RDONLY | O_CLOEXEC);
    if (fd < 0)
        return -errno;
    unsigned char id[EI_NIDENT];
    int rc = -ENOEXEC;
    if (pread(fd, id, sizeof(id), 0) != (ssize_t)sizeof(id) || memcmp(id, ELFMAG, SELFMAG))
        goto out;
    if (id[EI_CLASS] == ELFCLASS64) {
        Elf64_Ehdr eh;
        if (pread(fd, &eh, sizeof(eh), 0) != (ssize_t)sizeof(eh))
            goto out;
        rc = 1;
        for (unsigned i = 0; i < eh.e_phnum && i < 256; i++) {
            Elf64_Phdr ph;
            if (pread(fd, &ph, sizeof(ph), (off_t)(eh.e_phoff + (uint64_t)i * eh.e_phentsize)) !=
                (ssize_t)sizeof(ph)) {
                rc = -ENOEXEC;
                break;
            }
            if (ph.p_type == PT_INTERP) {
                rc = 0;
                break;
            }
        }
    } else if (id[EI_CLASS] == ELFCLASS32) {
        Elf32_Ehdr eh;
        if (pread(fd, &eh, sizeof(eh), 0) != (ssize_t)sizeof(eh))
            goto out;
        rc = 1;
        for (unsigned i = 0; i < eh.e_phnum && i < 256; i++) {
            Elf32_Phdr ph;
            if (pread(fd, &ph, sizeof(ph), (off_t)(eh.e_phoff + (uint32_t)i * eh.e_phentsize)) !=
                (ssize_t)sizeof(ph)) {
                rc = -ENOEXEC;
                break;
            }
            if (ph.p_type == PT_INTERP) {
                rc = 0;
                break;
            }
        }
    }
out:
    close(fd);
    return rc;
}

/* Runs argv (absolute path, no shell), returns its stdout (at most cap bytes) in buf. */
static int capture(char *const argv[], char *buf, size_t cap, size_t *len)
{
    int p[2];
    if (pipe2(p, O_CLOEXEC) < 0)
        return -errno;
    posix_spawn_file_actions_t fa;
    posix_spawn_file_actions_init(&fa);
    posix_spawn_file_actions_adddup2(&fa, p[1], 1);
    pid_t pid;
    int rc = posix_spawn(&pid, argv[0], &fa, NULL, argv, environ);
    posix_spawn_file_actions_destroy(&fa);
    close(p[1]);
    if (rc != 0) {
        close(p[0]);
        return -rc;
    }
    size_t n = 0;
    for (;;) {
        ssize_t r = read(p[0], buf + n, cap - n);
        if (r < 0 && errno == EINTR)
            continue;
        if (r <= 0)
            break;
        n += (size_t)r;
        if (n == cap)
            break;
    }
    close(p[0]);
    int st = 0;
    while (waitpid(pid, &st, 0) < 0 && errno == EINTR)
        ;
    *len = n;
    if (n == cap)
        return -E2BIG;
    return WIFEXITED(st) && WEXITSTATUS(st) == 0 ? 0 : -ECHILD;
}

/* ---------------------------------------------------------------- base scripts */

static const char sudo_sh[] =
    "#!/bin/sh\n"
    "# aksemu: sudo is a no-op, run-command scripts already run as root.\n"
    "# Handles sudo CMD..., sudo -i [CMD], sudo -s, sudo -u USER CMD, sudo bash -c '...'.\n"
    "login=0\n"
    "while [ $# -gt 0 ]; do\n"
    "  case \"$1\" in\n"
    "    -i|--login|-s|--shell) login=1; shift ;;\n"
    "    -u|-g|-U|-p|-C|-h|-r|-t|-D|--user|--group|--prompt) shift; [ $# -gt 0 ] && shift ;;\n"
    "    --) shift; break ;;\n"
    "    -*) shift ;;\n"
    "    *) break ;;\n"
    "  esac\n"
    "done\n"
    "if [ $# -eq 0 ]; then\n"
    "  [ $login = 1 ] && exec /bin/sh -l\n"
    "  echo 'usage: sudo -h | -K | -k | -V' >&2\n"
    "  exit 1\n"
    "fi\n"
    "[ $login = 1 ] && exec /bin/sh -l -c \"$*\"\n"
    "exec \"$@\"\n";

/* journalctl: the units' journals live as text in /var/lib/aksemu/journal/<unit>.log
 * (ak_nodefiles); -u UNIT (repeatable, ".service" optional), -n/--lines N, -o cat, -b,
 * --no-pager, -l, -f (prints what there is), --since/--until ignored. */
static const char journalctl_sh[] =
    "#!/bin/sh\n"
    "J=/var/lib/aksemu/journal\n"
    "units=''; lines=''; cat=0\n"
    "while [ $# -gt 0 ]; do\n"
    "  case \"$1\" in\n"
    "    -u|--unit) units=\"$units ${2%.service}\"; shift 2 ;;\n"
    "    -u*) u=${1#-u}; units=\"$units ${u%.service}\"; shift ;;\n"
    "    --unit=*) u=${1#--unit=}; units=\"$units ${u%.service}\"; shift ;;\n"
    "    -n|--lines) lines=$2; shift 2 ;;\n"
    "    -n*) lines=${1#-n}; shift ;;\n"
    "    --lines=*) lines=${1#--lines=}; shift ;;\n"
    "    -o|--output) [ \"$2\" = cat ] && cat=1; shift 2 ;;\n"
    "    -ocat|--output=cat) cat=1; shift ;;\n"
    "    -S|--since|-U|--until|-p|--priority) shift 2 ;;\n"
    "    *) shift ;;\n"
    "  esac\n"
    "done\n"
    "[ -n \"$units\" ] || units=$(cd $J 2>/dev/null && ls | sed 's/\\.log$//')\n"
    "out() { for u in $units; do [ -f \"$J/$u.log\" ] && cat \"$J/$u.log\"; done; }\n"
    "if [ -z \"$(out | head -c1)\" ]; then echo '-- No entries --'; exit 0; fi\n"
    "if [ $cat = 1 ]; then out | sed 's/^[A-Z][a-z][a-z] [ 0-9][0-9] [0-9:]* [^ ]* [^:]*: //'; else out; fi |\n"
    "  if [ -n \"$lines\" ]; then tail -n \"$lines\"; else cat; fi\n";

static const char bash_sh[] =
    "#!/bin/sh\n"
    "# aksemu: bash is busybox ash.\n"
    "first=1\n"
    "for a in \"$@\"; do\n"
    "  if [ $first = 1 ]; then set --; first=0; fi\n"
    "  case \"$a\" in\n"
    "    --login) set -- \"$@\" -l ;;\n"
    "    --norc|--noprofile|--posix|--noediting) ;;\n"
    "    *) set -- \"$@\" \"$a\" ;;\n"
    "  esac\n"
    "done\n"
    "exec /bin/busybox sh \"$@\"\n";

/* GNU coreutils df layout: columns separated by one space; widths are the max of the
 * header, the cells and a minimum (Filesystem 14, Type 4, numbers 5, Use% 4); text
 * columns left-aligned, numbers right-aligned, the last column not padded; sizes rounded
 * up (1K blocks and -h), Use% = ceil(used*100/(used+avail)). */
static const char df_sh[] =
    "#!/bin/sh\n"
    "# aksemu df: prints " AK_SANDBOX_DF_TSV " like GNU df (Ubuntu 22.04), else busybox df.\n"
    "tsv=" AK_SANDBOX_DF_TSV "\n"
    "bbdf=@BBDF@\n"
    "[ -r \"$tsv\" ] || exec /bin/busybox $bbdf \"$@\"\n"
    "for a in \"$@\"; do\n"
    "  case \"$a\" in\n"
    "    --|--human-readable|--print-type|-) ;;\n"
    "    -*[!hkTP]*) exec /bin/busybox $bbdf \"$@\" ;;\n"
    "  esac\n"
    "done\n"
    "human=0; ftype=0; paths=''; rc=0; opts=1; nargs=0\n"
    "for a in \"$@\"; do\n"
    "  if [ $opts = 1 ]; then\n"
    "    case \"$a\" in\n"
    "      --) opts=0; continue ;;\n"
    "      --human-readable) human=1; continue ;;\n"
    "      --print-type) ftype=1; continue ;;\n"
    "      -?*) o=${a#-}\n"
    "        while [ -n \"$o\" ]; do\n"
    "          c=${o%\"${o#?}\"}; o=${o#?}\n"
    "          case $c in h) human=1 ;; k) human=0 ;; T) ftype=1 ;; esac\n"
    "        done\n"
    "        continue ;;\n"
    "    esac\n"
    "  fi\n"
    "  nargs=$((nargs + 1))\n"
    "  if [ ! -e \"$a\" ]; then\n"
    "    echo \"df: $a: No such file or directory\" >&2; rc=1; continue\n"
    "  fi\n"
    "  case \"$a\" in /*) p=$a ;; *) p=$PWD/$a ;; esac\n"
    "  while [ \"$p\" != / ] && [ \"${p%/}\" != \"$p\" ]; do p=${p%/}; done\n"
    "  paths=\"$paths$p\n\"\n"
    "done\n"
    "if [ $nargs -gt 0 ] && [ -z \"$paths\" ]; then exit $rc; fi\n"
    "AK_DF_PATHS=$paths /bin/busybox awk -F '\\t' -v human=$human -v ftype=$ftype '\n"
    "function ceildiv(a, b,  q) { q = int(a / b); if (q * b < a) q++; return q }\n"
    "function hum(b,  e, d, t, n, u) {\n"
    "  u = \"KMGTPEZY\"\n"
    "  if (b < 1024) return sprintf(\"%d\", b)\n"
    "  e = 0; d = 1\n"
    "  while (b / d >= 1024 && e < 8) { d *= 1024; e++ }\n"
    "  if (b / d < 10) {\n"
    "    t = ceildiv(b * 10, d)\n"
    "    if (t < 100) return sprintf(\"%d.%d%s\", int(t / 10), t % 10, substr(u, e, 1))\n"
    "    return \"10\" substr(u, e, 1)\n"
    "  }\n"
    "  n = ceildiv(b, d)\n"
    "  if (n >= 1024 && e < 8) return \"1.0\" substr(u, e + 1, 1)\n"
    "  return n substr(u, e, 1)\n"
    "}\n"
    "function num(b) { return human ? hum(b) : sprintf(\"%d\", ceildiv(b, 1024)) }\n"
    "function under(p, m) { return m == \"/\" || p == m || substr(p, 1, length(m) + 1) == m \"/\" }\n"
    "/^#/ || NF < 6 { next }\n"
    "{ n++; src[n] = $1; typ[n] = $2; sz[n] = $3 + 0; us[n] = $4 + 0; av[n] = $5 + 0; mp[n] = $6 }\n"
    "END {\n"
    "  np = split(ENVIRON[\"AK_DF_PATHS\"], P, \"\\n\"); nr = 0\n"
    "  if (ENVIRON[\"AK_DF_PATHS\"] == \"\") { for (i = 1; i <= n; i++) row[++nr] = i }\n"
    "  else for (j = 1; j <= np; j++) {\n"
    "    if (P[j] == \"\") continue\n"
    "    best = 0; bl = -1\n"
    "    for (i = 1; i <= n; i++) if (under(P[j], mp[i]) && length(mp[i]) > bl) { best = i; bl = length(mp[i]) }\n"
    "    if (best) row[++nr] = best\n"
    "  }\n"
    "  nc = 0\n"
    "  nc++; H[nc] = \"Filesystem\"; W[nc] = 14; L[nc] = 1\n"
    "  if (ftype) { nc++; H[nc] = \"Type\"; W[nc] = 4; L[nc] = 1 }\n"
    "  nc++; H[nc] = human ? \"Size\" : \"1K-blocks\"; W[nc] = 5; L[nc] = 0\n"
    "  nc++; H[nc] = \"Used\"; W[nc] = 5; L[nc] = 0\n"
    "  nc++; H[nc] = human ? \"Avail\" : \"Available\"; W[nc] = 5; L[nc] = 0\n"
    "  nc++; H[nc] = \"Use%\"; W[nc] = 4; L[nc] = 0\n"
    "  nc++; H[nc] = \"Mounted on\"; W[nc] = 0; L[nc] = 1\n"
    "  for (c = 1; c <= nc; c++) C[0, c] = H[c]\n"
    "  for (r = 1; r <= nr; r++) {\n"
    "    i = row[r]; c = 0\n"
    "    C[r, ++c] = src[i]\n"
    "    if (ftype) C[r, ++c] = typ[i]\n"
    "    C[r, ++c] = num(sz[i]); C[r, ++c] = num(us[i]); C[r, ++c] = num(av[i])\n"
    "    t = us[i] + av[i]\n"
    "    C[r, ++c] = t > 0 ? ceildiv(us[i] * 100, t) \"%\" : \"-\"\n"
    "    C[r, ++c] = mp[i]\n"
    "  }\n"
    "  for (r = 0; r <= nr; r++) for (c = 1; c <= nc; c++) if (length(C[r, c]) > W[c]) W[c] = length(C[r, c])\n"
    "  for (r = 0; r <= nr; r++) {\n"
    "    line = \"\"\n"
    "    for (c = 1; c <= nc; c++) {\n"
    "      s = C[r, c]\n"
    "      if (c == nc) cell = s\n"
    "      else if (L[c]) cell = sprintf(\"%-\" W[c] \"s\", s)\n"
    "      else cell = sprintf(\"%\" W[c] \"s\", s)\n"
    "      line = line (c > 1 ? \" \" : \"\") cell\n"
    "    }\n"
    "    print line\n"
    "  }\n"
    "}' \"$tsv\"\n"
    "exit $rc\n";

/* ---------------------------------------------------------------- base build */

/* Debian's busybox-static is built with FEATURE_SH_STANDALONE: ash runs an applet named on
 * the command line before it searches PATH, so our /bin/df script would never run for a
 * plain "df". In the base's copy the applet "df" is renamed "dg" in the sorted applet name
 * table (same length, same order: the offsets and the binary search stay valid); the df
 * script falls back to "busybox dg". Returns true when patched. */
static bool patch_df_applet(char *img, size_t n)
{
    for (size_t i = 0; i + 6 < n; i++) {
        if (memcmp(img + i, "\0[\0[[\0", 6) != 0)
            continue;
        char *p = img + i + 1, *end = img + n;
        const char *prev = NULL;
        while (p < end && *p) {
            size_t l = strnlen(p, (size_t)(end - p));
            if (p + l + 1 >= end)
                break;
            if (l == 2 && p[0] == 'd' && p[1] == 'f') {
                const char *next = p + 3;
                if (prev && strcmp(prev, "dg") < 0 && (*next == '\0' || strcmp(next, "dg") > 0)) {
                    p[1] = 'g';
                    return true;
                }
                return false;
            }
            prev = p;
            p += l + 1;
        }
    }
    return false;
}

static int read_all(const char *path, char **out, size_t *len)
{
    int fd = open(path, O_RDONLY | O_CLOEXEC);
    if (fd < 0)
        return -errno;
    struct stat st;
    if (fstat(fd, &st) < 0 || st.st_size <= 0 || st.st_size > (64 << 20)) {
        close(fd);
        return -EINVAL;
    }
    char *buf = ak_xmalloc((size_t)st.st_size);
    size_t n = 0;
    while (n < (size_t)st.st_size) {
        ssize_t r = read(fd, buf + n, (size_t)st.st_size - n);
        if (r < 0 && errno == EINTR)
            continue;
        if (r <= 0)
            break;
        n += (size_t)r;
    }
    close(fd);
    if (n != (size_t)st.st_size) {
        free(buf);
        return -EIO;
    }
    *out = buf;
    *len = n;
    return 0;
}

static int read_small(const char *path, char *buf, size_t cap)
{
    int fd = open(path, O_RDONLY | O_CLOEXEC);
    if (fd < 0)
        return -errno;
    ssize_t n = read(fd, buf, cap - 1);
    close(fd);
    if (n < 0)
        return -errno;
    buf[n] = '\0';
    return (int)n;
}

int ak_sandbox_base_build(const char *dir, char *err, size_t errlen)
{
    struct stat bst;
    char path[PATH_MAX], stamp[256], old[256];
    if (!dir || !*dir)
        return seterr(err, errlen, AK_EINVAL, "sandbox base: no directory");
    if (stat(AK_SANDBOX_BUSYBOX, &bst) < 0)
        return seterr(err, errlen, AK_ENOENT,
                      "sandbox base: %s: %s (install the Debian package busybox-static)",
                      AK_SANDBOX_BUSYBOX, strerror(errno));
    /* the scripts' hash: a new aksemu version with different wrappers rebuilds the base */
    uint64_t h = 1469598103934665603ull;
    const char *const texts[] = {sudo_sh, bash_sh, df_sh, passwd_txt, group_txt, journalctl_sh};
    for (size_t i = 0; i < AK_ARRAY_LEN(texts); i++)
        for (const char *c = texts[i]; *c; c++)
            h = (h ^ (unsigned char)*c) * 1099511628211ull;
    snprintf(stamp, sizeof(stamp),
             "aksemu-sandbox-base layout=%d scripts=%016llx busybox size=%lld mtime=%lld.%09ld\n",
             BASE_LAYOUT, (unsigned long long)h, (long long)bst.st_size,
             (long long)bst.st_mtim.tv_sec, (long)bst.st_mtim.tv_nsec);
    snprintf(path, sizeof(path), "%s/%s", dir, STAMP_NAME);
    if (read_small(path, old, sizeof(old)) > 0 && strcmp(old, stamp) == 0) {
        snprintf(path, sizeof(path), "%s/bin/busybox", dir);
        if (access(path, X_OK) == 0)
            return 0;
    }
    int st = elf_is_static(AK_SANDBOX_BUSYBOX);
    if (st < 0)
        return seterr(err, errlen, AK_EIO, "sandbox base: %s: not a readable ELF file",
                      AK_SANDBOX_BUSYBOX);
    if (st == 0)
        return seterr(err, errlen, AK_EINVAL,
                      "sandbox base: %s is dynamically linked (install busybox-static)",
                      AK_SANDBOX_BUSYBOX);

    int rc = mkdir_p(dir, 0755);
    if (rc == 0 && chmod(dir, 0755) < 0)
        rc = -errno;
    const char *const dirs[] = {"bin", "sbin", "usr", "usr/bin", "usr/sbin", "etc"};
    for (size_t i = 0; rc == 0 && i < AK_ARRAY_LEN(dirs); i++) {
        snprintf(path, sizeof(path), "%s/%s", dir, dirs[i]);
        if (mkdir(path, 0755) < 0 && errno != EEXIST)
            rc = -errno;
        else if (chmod(path, 0755) < 0)
            rc = -errno;
    }
    if (rc < 0)
        return seterr(err, errlen, AK_EIO, "sandbox base: mkdir %s: %s", path, strerror(-rc));

    char bb[PATH_MAX];
    snprintf(bb, sizeof(bb), "%s/bin/busybox", dir);
    char *img = NULL;
    size_t imglen = 0;
    rc = read_all(AK_SANDBOX_BUSYBOX, &img, &imglen);
    bool patched = rc == 0 && patch_df_applet(img, imglen);
    if (rc == 0)
        rc = write_file_atomic(bb, img, imglen, 0755);
    free(img);
    if (rc < 0)
        return seterr(err, errlen, AK_EIO, "sandbox base: copy busybox to %s: %s", bb,
                      strerror(-rc));
    /* the df script with the name of busybox's own df */
    size_t dflen = sizeof(df_sh) - 1;
    char *df_text = ak_xmalloc(dflen + 1);
    {
        const char *at = strstr(df_sh, "@BBDF@");
        size_t pre = (size_t)(at - df_sh);
        memcpy(df_text, df_sh, pre);
        memcpy(df_text + pre, patched ? "dg" : "df", 2);
        memcpy(df_text + pre + 2, at + 6, dflen - pre - 6 + 1);
        dflen -= 4;
    }

    size_t cap = 64 * 1024, len = 0;
    char *list = ak_xmalloc(cap + 1);
    char *argv[] = {bb, (char *)"--list-full", NULL};
    rc = capture(argv, list, cap, &len);
    if (rc < 0) {
        free(list);
        free(df_text);
        return seterr(err, errlen, AK_EIO, "sandbox base: %s --list-full: %s", bb, strerror(-rc));
    }
    list[len] = '\0';
    bool have_bash = false;
    int napplets = 0;
    for (char *line = list, *nl; *line; line = nl) {
        nl = strchr(line, '\n');
        if (nl)
            *nl++ = '\0';
        else
            nl = line + strlen(line);
        const char *base = strrchr(line, '/');
        if (!base || strstr(line, "..") || line[0] == '/' || strcmp(line, "bin/busybox") == 0 ||
            (patched && strcmp(base, "/dg") == 0))
            continue;
        if (strcmp(line, "bin/bash") == 0 || strcmp(line, "usr/bin/bash") == 0)
            have_bash = true;
        snprintf(path, sizeof(path), "%s/%s", dir, line);
        char *slash = strrchr(path, '/');
        *slash = '\0';
        rc = mkdir_p(path, 0755);
        *slash = '/';
        if (rc == 0) {
            unlink(path);
            if (link(bb, path) < 0 && symlink("/bin/busybox", path) < 0)
                rc = -errno;
        }
        if (rc < 0) {
            free(list);
            free(df_text);
            return seterr(err, errlen, AK_EIO, "sandbox base: applet %s: %s", path,
                          strerror(-rc));
        }
        napplets++;
    }
    free(list);
    if (napplets < 10) {
        free(df_text);
        return seterr(err, errlen, AK_EIO, "sandbox base: %s lists only %d applets", bb,
                      napplets);
    }

    struct {
        const char *rel;
        const char *text;
        size_t len;
        mode_t mode;
    } files[] = {
        {"usr/bin/sudo", sudo_sh, sizeof(sudo_sh) - 1, 0755},
        {"usr/bin/journalctl", journalctl_sh, sizeof(journalctl_sh) - 1, 0755},
        {"bin/df", df_text, dflen, 0755},
        {"usr/bin/df", df_text, dflen, 0755},
        {"etc/passwd", passwd_txt, sizeof(passwd_txt) - 1, 0644},
        {"etc/group", group_txt, sizeof(group_txt) - 1, 0644},
        {"bin/bash", bash_sh, sizeof(bash_sh) - 1, 0755},
        {"usr/bin/bash", bash_sh, sizeof(bash_sh) - 1, 0755},
    };
    for (size_t i = 0; i < AK_ARRAY_LEN(files); i++) {
        if (have_bash && strstr(files[i].rel, "bash"))
            continue;
        snprintf(path, sizeof(path), "%s/%s", dir, files[i].rel);
        rc = write_file_atomic(path, files[i].text, files[i].len, files[i].mode);
        if (rc < 0) {
            free(df_text);
            return seterr(err, errlen, AK_EIO, "sandbox base: write %s: %s", path,
                          strerror(-rc));
        }
    }
    free(df_text);
    snprintf(path, sizeof(path), "%s/%s", dir, STAMP_NAME);
    rc = write_file_atomic(path, stamp, strlen(stamp), 0644);
    if (rc < 0)
        return seterr(err, errlen, AK_EIO, "sandbox base: write %s: %s", path, strerror(-rc));
    return 0;
}

/* ---------------------------------------------------------------- tree walks */

static uint64_t walk_bytes;
static uint32_t walk_base;
static int walk_err;

static int usage_cb(const char *p, const struct stat *st, int type, struct FTW *f)
{
    (void)p, (void)type, (void)f;
    walk_bytes += (uint64_t)st->st_blocks * 512u;
    return 0;
}

int ak_sandbox_dir_usage(const char *dir, uint64_t *bytes)
{
    walk_bytes = 0;
    if (nftw(dir, usage_cb, 32, FTW_PHYS | FTW_MOUNT) != 0)
        return errno == ENOENT ? AK_ENOENT : AK_EIO;
    *bytes = walk_bytes;
    return 0;
}

static uint32_t map_id(uint32_t id)
{
    if (id >= walk_base && id - walk_base < 65536u)
        return id;
    return walk_base + (id < 65536u ? id : 0u);
}

static int chown_cb(const char *p, const struct stat *st, int type, struct FTW *f)
{
    (void)type, (void)f;
    uid_t u = map_id(st->st_uid);
    gid_t g = map_id(st->st_gid);
    if ((u != st->st_uid || g != st->st_gid) && lchown(p, u, g) < 0) {
        walk_err = errno;
        return 1;
    }
    return 0;
}

/* root mode: host ids 0..65535 of the node's files become base+id (sandbox id = host id). */
static int chown_tree(const char *dir, uint32_t base, char *err, size_t errlen)
{
    walk_base = base;
    walk_err = 0;
    if (nftw(dir, chown_cb, 32, FTW_PHYS | FTW_MOUNT) != 0)
        return seterr(err, errlen, AK_EIO, "sandbox: chown %s to uid %u: %s", dir, base,
                      strerror(walk_err ? walk_err : errno));
    return 0;
}


/* ---------------------------------------------------------------- the child */

struct plan {
    bool root_mode;
    bool share_net;
    const char *node_dir;
    char *base_src[NBASE_DIRS];
    const char *hostname;
    const char *workdir;
    char *argv[4];
    char **envp;
    const struct ak_sandbox_bind *binds;
    size_t nbinds;
    bool bind_dir[AK_SANDBOX_MAX_BINDS];
    char tmp_opts[64];
    struct rlimit lim_cpu, lim_as, lim_fsize, lim_nproc;
    int fds[FD_NSLOTS]; /* parent-side fd numbers for the slots 3.. */
};

static void put_record(char type, const void *p, size_t n)
{
    unsigned char buf[600];
    if (n > sizeof(buf) - 3)
        n = sizeof(buf) - 3;
    buf[0] = (unsigned char)type;
    buf[1] = (unsigned char)(n & 0xff);
    buf[2] = (unsigned char)(n >> 8);
    memcpy(buf + 3, p, n);
    ssize_t w;
    do
        w = write(FD_STATUS, buf, n + 3);
    while (w < 0 && errno == EINTR);
}

static _Noreturn void cfail(int e, const char *fmt, ...) __attribute__((format(printf, 2, 3)));
static _Noreturn void cfail(int e, const char *fmt, ...)
{
    char msg[512];
    va_list ap;
    va_start(ap, fmt);
    int n = vsnprintf(msg, sizeof(msg), fmt, ap);
    va_end(ap);
    if (n < 0)
        n = 0;
    if ((size_t)n >= sizeof(msg))
        n = sizeof(msg) - 1;
    if (e)
        n += snprintf(msg + n, sizeof(msg) - (size_t)n, ": %s", strerror(e));
    if ((size_t)n >= sizeof(msg))
        n = sizeof(msg) - 1;
    put_record('E', msg, (size_t)n);
    _exit(127);
}

static void close_from(int lowfd)
{
#ifdef SYS_close_range
    if (syscall(SYS_close_range, (unsigned)lowfd, ~0u, 0u) == 0)
        return;
#endif
    struct rlimit rl;
    long max = 65536;
    if (getrlimit(RLIMIT_NOFILE, &rl) == 0 && rl.rlim_cur != RLIM_INFINITY)
        max = (long)(rl.rlim_cur < (1u << 20) ? rl.rlim_cur : (1u << 20));
    for (long fd = lowfd; fd < max; fd++)
        close((int)fd);
}

/* Opens (creating as needed) rel below rootfd without following any symlink; a symlink or
 * a non-directory in the way is replaced. Returns an O_PATH fd or -errno. */
static int prep_target(int rootfd, const char *rel, bool dir)
{
    char buf[PATH_MAX];
    size_t n = strlen(rel);
    if (n >= sizeof(buf))
        return -ENAMETOOLONG;
    memcpy(buf, rel, n + 1);
    int cur = dup(rootfd);
    if (cur < 0)
        return -errno;
    char *comp = buf;
    for (;;) {
        while (*comp == '/')
            comp++;
        char *end = strchr(comp, '/');
        bool last = end == NULL;
        if (end)
            *end = '\0';
        if (*comp == '\0' || strcmp(comp, ".") == 0 || strcmp(comp, "..") == 0) {
            close(cur);
            return -EINVAL;
        }
        int fd = -1;
        for (int tries = 0; tries < 3; tries++) {
            if (!last || dir) {
                fd = openat(cur, comp, O_PATH | O_NOFOLLOW | O_DIRECTORY | O_CLOEXEC);
                if (fd >= 0)
                    break;
                if (errno == ELOOP || errno == ENOTDIR)
                    unlinkat(cur, comp, 0);
                else if (errno != ENOENT)
                    break;
                if (mkdirat(cur, comp, 0755) < 0 && errno != EEXIST)
                    break;
            } else {
                fd = openat(cur, comp, O_PATH | O_NOFOLLOW | O_CLOEXEC);
                if (fd >= 0) {
                    struct stat st;
                    if (fstat(fd, &st) == 0 && !S_ISLNK(st.st_mode) && !S_ISDIR(st.st_mode))
                        break;
                    close(fd);
                    fd = -1;
                    if (unlinkat(cur, comp, 0) < 0 && unlinkat(cur, comp, AT_REMOVEDIR) < 0)
                        break;
                } else if (errno != ENOENT) {
                    break;
                }
                int c = openat(cur, comp, O_WRONLY | O_CREAT | O_EXCL | O_NOFOLLOW | O_CLOEXEC,
                               0644);
                if (c >= 0)
                    close(c);
                else if (errno != EEXIST)
                    break;
            }
        }
        int e = errno;
        close(cur);
        if (fd < 0)
            return -(e ? e : EIO);
        if (last)
            return fd;
        cur = fd;
        comp = end + 1;
    }
}

static unsigned long locked_flags(const char *path)
{
    struct statvfs sv;
    unsigned long f = 0;
    if (statvfs(path, &sv) != 0)
        return 0;
    if (sv.f_flag & ST_NOSUID)
        f |= MS_NOSUID;
    if (sv.f_flag & ST_NODEV)
        f |= MS_NODEV;
    if (sv.f_flag & ST_NOEXEC)
        f |= MS_NOEXEC;
    if (sv.f_flag & ST_RDONLY)
        f |= MS_RDONLY;
    if (sv.f_flag & ST_NOATIME)
        f |= MS_NOATIME;
    if (sv.f_flag & ST_NODIRATIME)
        f |= MS_NODIRATIME;
    if (sv.f_flag & ST_RELATIME)
        f |= MS_RELATIME;
    return f;
}

static void fdpath(char *buf, size_t n, int fd)
{
    snprintf(buf, n, "/proc/self/fd/%d", fd);
}

/* Binds host path src at rel (below rootfd); read-only unless rw. */
static void bind_at(int rootfd, const char *src, const char *rel, bool dir, bool rw)
{
    char t[64];
    int fd = prep_target(rootfd, rel, dir);
    if (fd < 0)
        cfail(-fd, "mount point /%s", rel);
    fdpath(t, sizeof(t), fd);
    if (mount(src, t, NULL, MS_BIND, NULL) < 0 &&
        (errno != EINVAL || mount(src, t, NULL, MS_BIND | MS_REC, NULL) < 0))
        cfail(errno, "bind %s on /%s", src, rel);
    close(fd);
    if (rw)
        return;
    fd = prep_target(rootfd, rel, dir); /* now the top of the new mount */
    if (fd < 0)
        cfail(-fd, "reopen /%s", rel);
    fdpath(t, sizeof(t), fd);
    unsigned long fl = MS_REMOUNT | MS_BIND | MS_RDONLY | MS_NOSUID | MS_NODEV | locked_flags(src);
    if (mount(NULL, t, NULL, fl, NULL) < 0)
        cfail(errno, "remount /%s read-only", rel);
    close(fd);
}

static void mount_fs_at(int rootfd, const char *fstype, const char *rel, unsigned long fl,
                        const char *opts)
{
    char t[64];
    int fd = prep_target(rootfd, rel, true);
    if (fd < 0)
        cfail(-fd, "mount point /%s", rel);
    fdpath(t, sizeof(t), fd);
    if (mount(fstype, t, fstype, fl, opts) < 0)
        cfail(errno, "mount %s on /%s", fstype, rel);
    close(fd);
}

static void write_if_missing(const char *path, const char *text)
{
    int fd = open(path, O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, 0644);
    if (fd < 0)
        return;
    size_t n = strlen(text);
    if (write(fd, text, n) != (ssize_t)n)
        cfail(errno, "write %s", path);
    close(fd);
}

static void mkdir_in_sandbox(const char *path, mode_t mode)
{
    int rc = mkdir_p(path, mode);
    if (rc < 0)
        cfail(-rc, "mkdir %s", path);
}

static bool cap_kept(int cap)
{
    switch (cap) {
    case CAP_CHOWN:
    case CAP_DAC_OVERRIDE:
    case CAP_DAC_READ_SEARCH:
    case CAP_FOWNER:
    case CAP_FSETID:
    case CAP_KILL:
    case CAP_SETGID:
    case CAP_SETUID:
    case CAP_NET_BIND_SERVICE:
        return true;
    default:
        return false;
    }
}

static void drop_caps(void)
{
    for (int cap = 0; cap < 64; cap++) {
        if (cap_kept(cap))
            continue;
        if (prctl(PR_CAPBSET_DROP, cap, 0, 0, 0) < 0) {
            if (errno == EINVAL)
                break; /* past the last capability */
            cfail(errno, "drop capability %d", cap);
        }
    }
    prctl(PR_CAP_AMBIENT, PR_CAP_AMBIENT_CLEAR_ALL, 0, 0, 0);
    struct __user_cap_header_struct hdr = {.version = _LINUX_CAPABILITY_VERSION_3, .pid = 0};
    struct __user_cap_data_struct data[2];
    memset(data, 0, sizeof(data));
    for (int cap = 0; cap < 64; cap++) {
        if (!cap_kept(cap))
            continue;
        data[cap / 32].effective |= 1u << (cap % 32);
        data[cap / 32].permitted |= 1u << (cap % 32);
    }
    if (syscall(SYS_capset, &hdr, data) < 0)
        cfail(errno, "capset");
}

static _Noreturn void shell_main(const struct plan *p)
{
    if (setsid() < 0)
        cfail(errno, "setsid");
    int nul = open("/dev/null", O_RDWR);
    if (nul < 0)
        cfail(errno, "open /dev/null");
    if (dup2(nul, 0) < 0 || dup2(FD_OUT, 1) < 0 || dup2(FD_ERR, 2) < 0)
        cfail(errno, "dup2");
    close_from(FD_STATUS + 1);
    umask(022);
    if (chdir(p->workdir) < 0)
        cfail(errno, "chdir %s", p->workdir);
    signal(SIGPIPE, SIG_DFL);
    sigset_t none;
    sigemptyset(&none);
    sigprocmask(SIG_SETMASK, &none, NULL);
    drop_caps();
    if (prctl(PR_SET_NO_NEW_PRIVS, 1, 0, 0, 0) < 0)
        cfail(errno, "no_new_privs");
    struct rlimit nofile = {1024, 1024}, core = {0, 0};
    setrlimit(RLIMIT_NOFILE, &nofile);
    setrlimit(RLIMIT_CORE, &core);
    if (setrlimit(RLIMIT_CPU, &p->lim_cpu) < 0 || setrlimit(RLIMIT_FSIZE, &p->lim_fsize) < 0 ||
        setrlimit(RLIMIT_NPROC, &p->lim_nproc) < 0 || setrlimit(RLIMIT_AS, &p->lim_as) < 0)
        cfail(errno, "setrlimit");
    execve("/bin/sh", p->argv, p->envp);
    cfail(errno, "exec /bin/sh");
}

static _Noreturn void init_main(const struct plan *p)
{
    /* 1. fds: the four slots at 3..6, nothing else above 2 */
    int hi[FD_NSLOTS];
    for (int i = 0; i < FD_NSLOTS; i++) {
        hi[i] = fcntl(p->fds[i], F_DUPFD_CLOEXEC, FD_STATUS + FD_NSLOTS);
        if (hi[i] < 0)
            _exit(126);
    }
    for (int i = 0; i < FD_NSLOTS; i++)
        if (dup3(hi[i], FD_STATUS + i, O_CLOEXEC) < 0)
            _exit(126);
    close_from(FD_STATUS + FD_NSLOTS);

    /* 2. wait until the daemon has written our id maps */
    char go = 0;
    ssize_t r;
    do
        r = recv(FD_SYNC, &go, 1, 0);
    while (r < 0 && errno == EINTR);
    if (r != 1 || go != 'G')
        _exit(125);
    close(FD_SYNC);
    prctl(PR_SET_PDEATHSIG, SIGKILL, 0, 0, 0);

    /* 3. the root: the node dir bound on itself, base dirs read-only, proc, tmp, dev.
     * Everything reached by a host path is opened while this process still has the
     * daemon's own (host) ids, so the host directories above the node dir, the base and the
     * bind sources need no search permission for the sandbox's uid (a data directory of mode
     * 0700 works); what is created below the node dir is created after setresuid. */
    if (mount(NULL, "/", NULL, MS_REC | MS_PRIVATE, NULL) < 0)
        cfail(errno, "make / private");
    if (mount(p->node_dir, p->node_dir, NULL, MS_BIND, NULL) < 0)
        cfail(errno, "bind %s", p->node_dir);
    if (mount(NULL, p->node_dir, NULL,
              MS_REMOUNT | MS_BIND | MS_NOSUID | MS_NODEV | locked_flags(p->node_dir), NULL) < 0)
        cfail(errno, "remount %s nosuid,nodev", p->node_dir);
    int rootfd = open(p->node_dir, O_PATH | O_DIRECTORY | O_CLOEXEC);
    if (rootfd < 0)
        cfail(errno, "open %s", p->node_dir);
    char base_fdp[NBASE_DIRS][64];
    for (int i = 0; i < NBASE_DIRS; i++) {
        int bfd = open(p->base_src[i], O_PATH | O_DIRECTORY | O_CLOEXEC);
        if (bfd < 0)
            cfail(errno, "open %s", p->base_src[i]);
        fdpath(base_fdp[i], sizeof(base_fdp[i]), bfd);
    }
    char bind_fdp[AK_SANDBOX_MAX_BINDS][64];
    for (size_t i = 0; i < p->nbinds; i++) {
        int bfd = open(p->binds[i].src, O_PATH | O_CLOEXEC);
        if (bfd < 0)
            cfail(errno, "open %s", p->binds[i].src);
        fdpath(bind_fdp[i], sizeof(bind_fdp[i]), bfd);
    }
    if (p->root_mode && setgroups(0, NULL) < 0)
        cfail(errno, "setgroups");
    if (setresgid(0, 0, 0) < 0 || setresuid(0, 0, 0) < 0)
        cfail(errno, "setresuid(0) in the user namespace");
    for (int i = 0; i < NBASE_DIRS; i++)
        bind_at(rootfd, base_fdp[i], base_dirs[i], true, false);
    mount_fs_at(rootfd, "proc", "proc", MS_NOSUID | MS_NODEV | MS_NOEXEC, NULL);
    mount_fs_at(rootfd, "tmpfs", "tmp", MS_NOSUID | MS_NODEV, p->tmp_opts);
    mount_fs_at(rootfd, "tmpfs", "dev", MS_NOSUID | MS_NOEXEC, "mode=0755,size=65536");
    static const char *const devs[] = {"null", "zero", "full", "random", "urandom"};
    for (size_t i = 0; i < AK_ARRAY_LEN(devs); i++) {
        char src[32], rel[32];
        snprintf(src, sizeof(src), "/dev/%s", devs[i]);
        snprintf(rel, sizeof(rel), "dev/%s", devs[i]);
        bind_at(rootfd, src, rel, false, true);
    }
    int devfd = openat(rootfd, "dev", O_PATH | O_DIRECTORY | O_NOFOLLOW | O_CLOEXEC);
    if (devfd < 0)
        cfail(errno, "open /dev");
    symlinkat("/proc/self/fd", devfd, "fd");
    symlinkat("/proc/self/fd/0", devfd, "stdin");
    symlinkat("/proc/self/fd/1", devfd, "stdout");
    symlinkat("/proc/self/fd/2", devfd, "stderr");
    mkdirat(devfd, "shm", 01777);
    close(devfd);
    for (size_t i = 0; i < p->nbinds; i++)
        bind_at(rootfd, bind_fdp[i], p->binds[i].dst + 1, p->bind_dir[i], false);
    if (sethostname(p->hostname, strlen(p->hostname)) < 0)
        cfail(errno, "sethostname \"%s\"", p->hostname);

    /* 4. pivot into it; the host's root is detached and unreachable */
    if (fchdir(rootfd) < 0)
        cfail(errno, "chdir new root");
    if (syscall(SYS_pivot_root, ".", ".") < 0)
        cfail(errno, "pivot_root");
    if (umount2(".", MNT_DETACH) < 0)
        cfail(errno, "detach the old root");
    if (chdir("/") < 0)
        cfail(errno, "chdir /");
    close(rootfd);

    /* 5. inside: no nested user namespaces, the node's /etc basics, the workdir */
    int fd = open("/proc/sys/user/max_user_namespaces", O_WRONLY | O_CLOEXEC);
    if (fd >= 0) {
        if (write(fd, "0\n", 2) < 0) {
            /* best effort */
        }
        close(fd);
    }
    umask(022);
    mkdir_in_sandbox("/etc", 0755);
    write_if_missing("/etc/passwd", passwd_txt);
    write_if_missing("/etc/group", group_txt);
    mkdir_in_sandbox("/root", 0700);
    mkdir_in_sandbox(p->workdir, 0755);
    prctl(PR_SET_DUMPABLE, 0, 0, 0, 0); /* /proc/1/fd of init is off limits to the shell */
    /* as on a node, pid 1 is systemd ("/sbin/init"), not the daemon's command line */
    prctl(PR_SET_NAME, "systemd", 0, 0, 0);
    if (g_title && g_title_len > sizeof("/sbin/init")) {
        memset(g_title, 0, g_title_len);
        memcpy(g_title, "/sbin/init", sizeof("/sbin/init"));
    }

    /* 6. run the shell and reap; init ignores every signal except SIGKILL (pid-ns init) */
    pid_t sh = fork();
    if (sh < 0)
        cfail(errno, "fork the shell");
    if (sh == 0)
        shell_main(p);
    close(FD_OUT);
    close(FD_ERR);
    int st = 0;
    for (;;) {
        int s;
        pid_t w = waitpid(-1, &s, 0);
        if (w == sh) {
            st = s;
            break;
        }
        if (w < 0 && errno != EINTR) {
            st = 0x7f00;
            break;
        }
    }
    uint32_t v = (uint32_t)st;
    unsigned char rec[4] = {(unsigned char)v, (unsigned char)(v >> 8), (unsigned char)(v >> 16),
                            (unsigned char)(v >> 24)};
    put_record('S', rec, sizeof(rec));
    _exit(0);
}

/* ---------------------------------------------------------------- the daemon side */


void ak_sandbox_set_title_area(int argc, char **argv)
{
    if (argc < 1 || !argv || !argv[0])
        return;
    g_title = argv[0];
    g_title_len = (size_t)(argv[argc - 1] + strlen(argv[argc - 1]) + 1 - argv[0]);
}

struct ring {
    char *buf;
    size_t cap, head, len;
    uint64_t total;
};

enum { P_OUT, P_ERR, P_STATUS, NPIPES };

struct sbx_pipe {
    struct ak_fdwatch w;
    struct ak_sandbox *sb;
    int fd; /* -1 once closed */
};

struct ak_sandbox {
    struct ak_loop *loop;
    ak_sandbox_done_cb cb;
    void *ud;
    pid_t pid;
    bool reaped;
    int wstatus;
    struct sbx_pipe pipes[NPIPES];
    struct ring out, err;
    unsigned char st_buf[STATUS_MAX];
    size_t st_len;
    struct ak_timer t_timeout, t_reap, t_grace, t_done;
    int reap_tries;
    enum ak_sandbox_end kill_reason; /* TIMEOUT / CANCELED when we killed it */
    bool killed;
    int64_t start_ns, end_ns;
};

static void ring_put(struct ring *r, const char *p, size_t n)
{
    r->total += n;
    if (r->cap == 0 || n == 0)
        return;
    if (n >= r->cap) {
        memcpy(r->buf, p + (n - r->cap), r->cap);
        r->head = 0;
        r->len = r->cap;
        return;
    }
    size_t first = r->cap - r->head < n ? r->cap - r->head : n;
    memcpy(r->buf + r->head, p, first);
    memcpy(r->buf, p + first, n - first);
    r->head = (r->head + n) % r->cap;
    r->len = r->len + n > r->cap ? r->cap : r->len + n;
}

static void ring_to_stream(const struct ring *r, struct ak_sandbox_stream *s)
{
    s->data = ak_xmalloc(r->len + 1);
    size_t start = (r->head + r->cap - r->len) % (r->cap ? r->cap : 1);
    size_t first = r->cap - start < r->len ? r->cap - start : r->len;
    if (r->len) {
        memcpy(s->data, r->buf + start, first);
        memcpy(s->data + first, r->buf, r->len - first);
    }
    s->data[r->len] = '\0';
    s->len = r->len;
    s->total = r->total;
    s->truncated = r->total > r->len;
}

const char *ak_sandbox_end_str(enum ak_sandbox_end end)
{
    switch (end) {
    case AK_SANDBOX_EXITED: return "exited";
    case AK_SANDBOX_SIGNALED: return "signaled";
    case AK_SANDBOX_TIMEOUT: return "timeout";
    case AK_SANDBOX_CPU_LIMIT: return "cpu-limit";
    case AK_SANDBOX_CANCELED: return "canceled";
    case AK_SANDBOX_SETUP_FAILED: return "setup-failed";
    }
    return "?";
}

void ak_sandbox_result_release(struct ak_sandbox_result *r)
{
    if (!r)
        return;
    free(r->out.data);
    free(r->err.data);
    r->out.data = r->err.data = NULL;
    r->out.len = r->err.len = 0;
}

int ak_sandbox_pid(const struct ak_sandbox *sb)
{
    return (int)sb->pid;
}

static void pipe_close(struct ak_sandbox *sb, struct sbx_pipe *p)
{
    if (p->fd < 0)
        return;
    ak_loop_del_fd(sb->loop, &p->w);
    close(p->fd);
    p->fd = -1;
}

static void sb_free(struct ak_sandbox *sb)
{
    for (int i = 0; i < NPIPES; i++)
        pipe_close(sb, &sb->pipes[i]);
    ak_timer_stop(sb->loop, &sb->t_timeout);
    ak_timer_stop(sb->loop, &sb->t_reap);
    ak_timer_stop(sb->loop, &sb->t_grace);
    ak_timer_stop(sb->loop, &sb->t_done);
    free(sb->out.buf);
    free(sb->err.buf);
    free(sb);
}

static void maybe_finish(struct ak_sandbox *sb)
{
    if (!sb->reaped || ak_timer_active(&sb->t_done))
        return;
    if (sb->pipes[P_OUT].fd >= 0 || sb->pipes[P_ERR].fd >= 0) {
        if (!ak_timer_active(&sb->t_grace))
            ak_timer_start(sb->loop, &sb->t_grace, GRACE_MS);
        return;
    }
    ak_timer_stop(sb->loop, &sb->t_grace);
    ak_timer_start(sb->loop, &sb->t_done, 0);
}

static void try_reap(struct ak_sandbox *sb)
{
    if (sb->reaped)
        return;
    int st = 0;
    pid_t w = waitpid(sb->pid, &st, WNOHANG | __WALL);
    if (w == 0) { /* EOF comes before the zombie: init waits for its namespace to die */
        sb->reap_tries++;
        ak_timer_start(sb->loop, &sb->t_reap, sb->reap_tries < 200 ? 5 : 50);
        return;
    }
    if (w < 0 && errno == EINTR) {
        ak_timer_start(sb->loop, &sb->t_reap, 1);
        return;
    }
    sb->reaped = true;
    sb->wstatus = w == sb->pid ? st : 0;
    sb->end_ns = ak_mono_ns();
    ak_timer_stop(sb->loop, &sb->t_timeout);
    maybe_finish(sb);
}

/* Drains what is readable now (bounded per call); returns true at EOF/error. */
static bool pipe_drain(struct ak_sandbox *sb, int which)
{
    struct sbx_pipe *p = &sb->pipes[which];
    char buf[65536];
    for (int i = 0; i < 16; i++) {
        ssize_t n = read(p->fd, buf, sizeof(buf));
        if (n > 0) {
            if (which == P_OUT)
                ring_put(&sb->out, buf, (size_t)n);
            else if (which == P_ERR)
                ring_put(&sb->err, buf, (size_t)n);
            else {
                size_t k = STATUS_MAX - sb->st_len < (size_t)n ? STATUS_MAX - sb->st_len : (size_t)n;
                memcpy(sb->st_buf + sb->st_len, buf, k);
                sb->st_len += k;
            }
            continue;
        }
        if (n < 0 && errno == EINTR)
            continue;
        if (n < 0 && (errno == EAGAIN || errno == EWOULDBLOCK))
            return false;
        return true;
    }
    return false;
}

static void on_pipe(struct ak_loop *l, int fd, uint32_t events, void *ud)
{
    (void)l, (void)fd, (void)events;
    struct sbx_pipe *p = ud;
    struct ak_sandbox *sb = p->sb;
    if (p->fd < 0)
        return; /* a stale event from the same epoll batch */
    int which = (int)(p - sb->pipes);
    if (!pipe_drain(sb, which))
        return;
    pipe_close(sb, p);
    if (which == P_STATUS)
        try_reap(sb);
    else
        maybe_finish(sb);
}

static void on_timeout(struct ak_loop *l, struct ak_timer *t, void *ud)
{
    (void)l, (void)t;
    struct ak_sandbox *sb = ud;
    if (sb->reaped || sb->killed)
        return;
    sb->killed = true;
    sb->kill_reason = AK_SANDBOX_TIMEOUT;
    kill(sb->pid, SIGKILL);
}

static void on_reap(struct ak_loop *l, struct ak_timer *t, void *ud)
{
    (void)l, (void)t;
    try_reap(ud);
}

static void on_grace(struct ak_loop *l, struct ak_timer *t, void *ud)
{
    (void)l, (void)t;
    struct ak_sandbox *sb = ud;
    /* someone outside the namespace holds a write end (only possible with a shared
     * network): keep what is there and stop waiting */
    for (int i = P_OUT; i <= P_ERR; i++)
        if (sb->pipes[i].fd >= 0) {
            pipe_drain(sb, i);
            pipe_close(sb, &sb->pipes[i]);
        }
    maybe_finish(sb);
}

static void build_result(struct ak_sandbox *sb, struct ak_sandbox_result *r)
{
    memset(r, 0, sizeof(*r));
    r->exit_code = -1;
    bool have_shell = false;
    int shell_st = 0;
    for (size_t off = 0; off + 3 <= sb->st_len;) {
        char type = (char)sb->st_buf[off];
        size_t n = sb->st_buf[off + 1] | (size_t)sb->st_buf[off + 2] << 8;
        if (off + 3 + n > sb->st_len)
            break;
        const unsigned char *v = sb->st_buf + off + 3;
        if (type == 'E' && !r->error[0]) {
            size_t k = n < sizeof(r->error) - 1 ? n : sizeof(r->error) - 1;
            memcpy(r->error, v, k);
            r->error[k] = '\0';
        } else if (type == 'S' && n == 4) {
            have_shell = true;
            shell_st = (int)((uint32_t)v[0] | (uint32_t)v[1] << 8 | (uint32_t)v[2] << 16 |
                             (uint32_t)v[3] << 24);
        }
        off += 3 + n;
    }
    if (r->error[0]) {
        r->rc = AK_EIO;
        r->end = AK_SANDBOX_SETUP_FAILED;
    } else if (have_shell) {
        if (WIFEXITED(shell_st)) {
            r->end = AK_SANDBOX_EXITED;
            r->exit_code = WEXITSTATUS(shell_st);
        } else if (WIFSIGNALED(shell_st)) {
            r->term_signal = WTERMSIG(shell_st);
            r->end = r->term_signal == SIGXCPU ? AK_SANDBOX_CPU_LIMIT : AK_SANDBOX_SIGNALED;
        } else {
            r->end = AK_SANDBOX_SIGNALED;
        }
    } else if (sb->killed) {
        r->end = sb->kill_reason;
        r->term_signal = SIGKILL;
        r->timed_out = sb->kill_reason == AK_SANDBOX_TIMEOUT;
    } else if (WIFSIGNALED(sb->wstatus)) {
        r->end = AK_SANDBOX_SIGNALED;
        r->term_signal = WTERMSIG(sb->wstatus);
    } else {
        r->rc = AK_EIO;
        r->end = AK_SANDBOX_SETUP_FAILED;
        snprintf(r->error, sizeof(r->error),
                 "sandbox: init exited with status %d before running the command",
                 WIFEXITED(sb->wstatus) ? WEXITSTATUS(sb->wstatus) : -1);
    }
    ring_to_stream(&sb->out, &r->out);
    ring_to_stream(&sb->err, &r->err);
    r->duration_ms = ((sb->end_ns ? sb->end_ns : ak_mono_ns()) - sb->start_ns) / 1000000;
}

static void on_done(struct ak_loop *l, struct ak_timer *t, void *ud)
{
    (void)l, (void)t;
    struct ak_sandbox *sb = ud;
    struct ak_sandbox_result r;
    build_result(sb, &r);
    sb->cb(sb, &r, sb->ud);
    ak_sandbox_result_release(&r);
    sb_free(sb);
}

static int write_proc(pid_t pid, const char *file, const char *text)
{
    char path[64];
    snprintf(path, sizeof(path), "/proc/%d/%s", (int)pid, file);
    int fd = open(path, O_WRONLY | O_CLOEXEC);
    if (fd < 0)
        return -errno;
    ssize_t n = write(fd, text, strlen(text));
    int e = n < 0 ? errno : 0;
    close(fd);
    return n == (ssize_t)strlen(text) ? 0 : -(e ? e : EIO);
}

static bool valid_sandbox_path(const char *p)
{
    if (!p || p[0] != '/' || strlen(p) >= PATH_MAX / 2)
        return false;
    for (const char *c = p; *c;) {
        while (*c == '/')
            c++;
        const char *e = strchr(c, '/');
        size_t n = e ? (size_t)(e - c) : strlen(c);
        if ((n == 1 && c[0] == '.') || (n == 2 && c[0] == '.' && c[1] == '.'))
            return false;
        c += n;
    }
    return strcmp(p, "/") != 0;
}

static bool env_name_eq(const char *a, const char *b)
{
    const char *ea = strchr(a, '='), *eb = strchr(b, '=');
    size_t na = ea ? (size_t)(ea - a) : strlen(a), nb = eb ? (size_t)(eb - b) : strlen(b);
    return na == nb && memcmp(a, b, na) == 0;
}

static void plan_release(struct plan *p)
{
    for (int i = 0; i < NBASE_DIRS; i++)
        free(p->base_src[i]);
    if (p->envp) {
        for (char **e = p->envp; *e; e++)
            free(*e);
        free(p->envp);
    }
    free(p->argv[2]);
}

static int plan_build(struct plan *p, const struct ak_sandbox_spec *s, char *err, size_t errlen)
{
    memset(p, 0, sizeof(*p));
    if (!s->base_dir || !s->node_dir || s->base_dir[0] != '/' || s->node_dir[0] != '/')
        return seterr(err, errlen, AK_EINVAL, "sandbox: base_dir and node_dir must be absolute");
    if (!s->command)
        return seterr(err, errlen, AK_EINVAL, "sandbox: no command");
    if (strlen(s->command) >= 131072)
        return seterr(err, errlen, AK_ETOOBIG,
                      "sandbox: command longer than 128 KiB (write it to a file in the node dir)");
    if (s->nbinds > AK_SANDBOX_MAX_BINDS)
        return seterr(err, errlen, AK_ETOOBIG, "sandbox: more than %d binds",
                      AK_SANDBOX_MAX_BINDS);
    if (s->workdir && !valid_sandbox_path(s->workdir))
        return seterr(err, errlen, AK_EINVAL, "sandbox: bad workdir \"%s\"", s->workdir);
    p->root_mode = geteuid() == 0;
    p->share_net = s->flags & AK_SANDBOX_SHARE_NET;
    p->node_dir = s->node_dir;
    p->hostname = s->hostname ? s->hostname : "localhost";
    p->workdir = s->workdir ? s->workdir : "/root";
    p->binds = s->binds;
    p->nbinds = s->nbinds;
    for (int i = 0; i < NBASE_DIRS; i++) {
        p->base_src[i] = ak_xasprintf("%s/%s", s->base_dir, base_dirs[i]);
        struct stat st;
        if (stat(p->base_src[i], &st) < 0 || !S_ISDIR(st.st_mode))
            return seterr(err, errlen, AK_ENOENT,
                          "sandbox: %s missing (run ak_sandbox_base_build first)",
                          p->base_src[i]);
    }
    for (size_t i = 0; i < s->nbinds; i++) {
        struct stat st;
        if (!s->binds[i].src || !valid_sandbox_path(s->binds[i].dst))
            return seterr(err, errlen, AK_EINVAL, "sandbox: bad bind %s -> %s",
                          s->binds[i].src ? s->binds[i].src : "(null)",
                          s->binds[i].dst ? s->binds[i].dst : "(null)");
        if (stat(s->binds[i].src, &st) < 0)
            return seterr(err, errlen, AK_ENOENT, "sandbox: bind source %s: %s",
                          s->binds[i].src, strerror(errno));
        p->bind_dir[i] = S_ISDIR(st.st_mode);
    }
    uint64_t tmp = s->tmp_bytes ? s->tmp_bytes : AK_SANDBOX_DEFAULT_TMP;
    snprintf(p->tmp_opts, sizeof(p->tmp_opts), "mode=1777,size=%llu", (unsigned long long)tmp);
    int64_t tmo = s->timeout_ms > 0 ? s->timeout_ms : AK_SANDBOX_DEFAULT_TIMEOUT_MS;
    rlim_t cpu = s->cpu_seconds ? s->cpu_seconds : (rlim_t)(tmo / 1000 + 1);
    p->lim_cpu = (struct rlimit){cpu, cpu + 1};
    rlim_t as = s->mem_bytes ? s->mem_bytes : AK_SANDBOX_DEFAULT_MEM;
    p->lim_as = (struct rlimit){as, as};
    rlim_t fs = s->fsize_bytes ? s->fsize_bytes : AK_SANDBOX_DEFAULT_FSIZE;
    p->lim_fsize = (struct rlimit){fs, fs};
    rlim_t np = s->max_procs ? s->max_procs : AK_SANDBOX_DEFAULT_NPROC;
    p->lim_nproc = (struct rlimit){np, np};

    p->argv[0] = (char *)"sh";
    p->argv[1] = (char *)"-c";
    p->argv[2] = ak_xstrdup(s->command);
    p->argv[3] = NULL;
    const char *defaults[] = {ENV_PATH, "HOME=/root", "USER=root", "LOGNAME=root",
                              "SHELL=/bin/bash", "LANG=C.UTF-8"};
    size_t nextra = 0;
    for (; s->env && s->env[nextra]; nextra++) {
        if (nextra >= AK_SANDBOX_MAX_ENV || !strchr(s->env[nextra], '=') ||
            s->env[nextra][0] == '=')
            return seterr(err, errlen, AK_EINVAL, "sandbox: bad env entry #%zu", nextra);
    }
    p->envp = ak_xcalloc(nextra + AK_ARRAY_LEN(defaults) + 2, sizeof(char *));
    size_t n = 0;
    for (size_t i = 0; i < nextra; i++)
        p->envp[n++] = ak_xstrdup(s->env[i]);
    for (size_t d = 0; d < AK_ARRAY_LEN(defaults); d++) {
        bool over = false;
        for (size_t i = 0; i < nextra; i++)
            over = over || env_name_eq(s->env[i], defaults[d]);
        if (!over)
            p->envp[n++] = ak_xstrdup(defaults[d]);
    }
    p->envp[n++] = ak_xasprintf("HOSTNAME=%s", p->hostname);
    return 0;
}

static void close_fds(int *fds, int n)
{
    for (int i = 0; i < n; i++)
        if (fds[i] >= 0) {
            close(fds[i]);
            fds[i] = -1;
        }
}

int ak_sandbox_start(struct ak_loop *loop, const struct ak_sandbox_spec *spec,
                     ak_sandbox_done_cb cb, void *ud, struct ak_sandbox **out, char *err,
                     size_t errlen)
{
    *out = NULL;
    if (ak_loop_is_virtual(loop))
        return seterr(err, errlen, AK_EINVAL, "sandbox: needs a real-clock loop");
    struct plan p;
    int rc = plan_build(&p, spec, err, errlen);
    if (rc < 0) {
        plan_release(&p);
        return rc;
    }
    uint32_t base = spec->uid_base ? spec->uid_base : AK_SANDBOX_DEFAULT_UID_BASE;
    if ((rc = mkdir_p(spec->node_dir, 0755)) < 0) {
        rc = seterr(err, errlen, AK_EIO, "sandbox: mkdir %s: %s", spec->node_dir,
                    strerror(-rc));
        goto fail_plan;
    }
    if (p.root_mode) {
        if ((rc = chown_tree(spec->node_dir, base, err, errlen)) < 0)
            goto fail_plan;
    }

    /* [0] out r, [1] out w, [2] err r, [3] err w, [4] status r, [5] status w,
     * [6] sync parent, [7] sync child */
    int fds[8];
    for (int i = 0; i < 8; i++)
        fds[i] = -1;
    if (pipe2(fds + 0, O_CLOEXEC) < 0 || pipe2(fds + 2, O_CLOEXEC) < 0 ||
        pipe2(fds + 4, O_CLOEXEC) < 0 ||
        socketpair(AF_UNIX, SOCK_STREAM | SOCK_CLOEXEC, 0, fds + 6) < 0) {
        rc = seterr(err, errlen, AK_EIO, "sandbox: pipe: %s", strerror(errno));
        close_fds(fds, 8);
        goto fail_plan;
    }
    p.fds[0] = fds[5]; /* FD_STATUS */
    p.fds[1] = fds[7]; /* FD_SYNC */
    p.fds[2] = fds[1]; /* FD_OUT */
    p.fds[3] = fds[3]; /* FD_ERR */

    unsigned long flags = CLONE_NEWUSER | CLONE_NEWNS | CLONE_NEWPID | CLONE_NEWUTS |
                          CLONE_NEWIPC | (p.share_net ? 0 : CLONE_NEWNET);
    /* a non-dumpable daemon's /proc/PID files, and so its child's uid_map, are owned by
     * root: an unprivileged daemon could not write the map. Dumpable for the clone only. */
    int was_dumpable = prctl(PR_GET_DUMPABLE, 0, 0, 0, 0);
    if (!p.root_mode && was_dumpable == 0)
        prctl(PR_SET_DUMPABLE, 1, 0, 0, 0);
    int64_t start_ns = ak_mono_ns();
    long pid = syscall(SYS_clone, flags | SIGCHLD, NULL, NULL, NULL, NULL);
    if (pid == 0)
        init_main(&p);
    if (pid < 0) {
        int e = errno;
        if (!p.root_mode && was_dumpable == 0)
            prctl(PR_SET_DUMPABLE, 0, 0, 0, 0);
        rc = seterr(err, errlen, AK_EIO,
                    "sandbox: clone(CLONE_NEWUSER|NEWNS|NEWPID|NEWNET|NEWUTS|NEWIPC) failed: %s"
                    "%s",
                    strerror(e),
                    e == EPERM || e == EACCES || e == ENOSPC || e == EINVAL
                        ? " (the kernel refuses these namespaces: check kernel.unprivileged_"
                          "userns_clone, user.max_user_namespaces, AppArmor/seccomp policy)"
                        : "");
        close_fds(fds, 8);
        goto fail_plan;
    }
    close(fds[1]), close(fds[3]), close(fds[5]), close(fds[7]);
    fds[1] = fds[3] = fds[5] = fds[7] = -1;

    char map[64];
    if (p.root_mode) {
        snprintf(map, sizeof(map), "0 %u 65536\n", base);
        if ((rc = write_proc((pid_t)pid, "uid_map", map)) == 0)
            rc = write_proc((pid_t)pid, "gid_map", map);
    } else {
        rc = write_proc((pid_t)pid, "setgroups", "deny");
        snprintf(map, sizeof(map), "0 %u 1\n", (unsigned)geteuid());
        if (rc == 0)
            rc = write_proc((pid_t)pid, "uid_map", map);
        snprintf(map, sizeof(map), "0 %u 1\n", (unsigned)getegid());
        if (rc == 0)
            rc = write_proc((pid_t)pid, "gid_map", map);
    }
    if (rc == 0 && send(fds[6], "G", 1, MSG_NOSIGNAL) != 1)
        rc = -errno;
    if (!p.root_mode && was_dumpable == 0)
        prctl(PR_SET_DUMPABLE, 0, 0, 0, 0);
    if (rc < 0) {
        int e = -rc;
        kill((pid_t)pid, SIGKILL);
        while (waitpid((pid_t)pid, NULL, __WALL) < 0 && errno == EINTR)
            ;
        rc = seterr(err, errlen, AK_EIO, "sandbox: writing the user namespace id map (%s): %s",
                    map, strerror(e));
        close_fds(fds, 8);
        goto fail_plan;
    }
    close(fds[6]);
    plan_release(&p);

    struct ak_sandbox *sb = ak_xcalloc(1, sizeof(*sb));
    sb->loop = loop;
    sb->cb = cb;
    sb->ud = ud;
    sb->pid = (pid_t)pid;
    sb->start_ns = start_ns;
    size_t cap = spec->max_output ? spec->max_output : AK_SANDBOX_DEFAULT_OUTPUT;
    if (cap > AK_SANDBOX_MAX_OUTPUT)
        cap = AK_SANDBOX_MAX_OUTPUT;
    sb->out.cap = sb->err.cap = cap;
    sb->out.buf = ak_xmalloc(cap);
    sb->err.buf = ak_xmalloc(cap);
    ak_timer_init(&sb->t_timeout, on_timeout, sb);
    ak_timer_init(&sb->t_reap, on_reap, sb);
    ak_timer_init(&sb->t_grace, on_grace, sb);
    ak_timer_init(&sb->t_done, on_done, sb);
    const int rfd[NPIPES] = {fds[0], fds[2], fds[4]};
    for (int i = 0; i < NPIPES; i++) {
        struct sbx_pipe *pp = &sb->pipes[i];
        pp->sb = sb;
        pp->fd = rfd[i];
        pp->w.fd = rfd[i];
        pp->w.cb = on_pipe;
        pp->w.ud = pp;
        fcntl(rfd[i], F_SETFL, fcntl(rfd[i], F_GETFL) | O_NONBLOCK);
        if (ak_loop_add_fd(loop, &pp->w, EPOLLIN) < 0)
            ak_fatal("sandbox: epoll_ctl: %s", strerror(errno));
    }
    ak_timer_start(loop, &sb->t_timeout,
                   spec->timeout_ms > 0 ? spec->timeout_ms : AK_SANDBOX_DEFAULT_TIMEOUT_MS);
    *out = sb;
    return 0;

fail_plan:
    plan_release(&p);
    return rc;
}

void ak_sandbox_cancel(struct ak_sandbox *sb)
{
    if (!sb || sb->reaped || sb->killed)
        return;
    sb->killed = true;
    sb->kill_reason = AK_SANDBOX_CANCELED;
    kill(sb->pid, SIGKILL);
}

void ak_sandbox_destroy(struct ak_sandbox *sb)
{
    if (!sb)
        return;
    if (!sb->reaped) {
        kill(sb->pid, SIGKILL);
        while (waitpid(sb->pid, NULL, __WALL) < 0 && errno == EINTR)
            ;
    }
    sb_free(sb);
}

/* ---------------------------------------------------------------- synchronous run */

struct run_ctx {
    struct ak_sandbox_result *r;
    bool done;
};

static void copy_stream(struct ak_sandbox_stream *d, const struct ak_sandbox_stream *s)
{
    *d = *s;
    d->data = ak_xmalloc(s->len + 1);
    memcpy(d->data, s->data, s->len + 1);
}

static void run_done(struct ak_sandbox *sb, const struct ak_sandbox_result *r, void *ud)
{
    (void)sb;
    struct run_ctx *c = ud;
    *c->r = *r;
    copy_stream(&c->r->out, &r->out);
    copy_stream(&c->r->err, &r->err);
    c->done = true;
}

int ak_sandbox_run(const struct ak_sandbox_spec *spec, struct ak_sandbox_result *r, char *err,
                   size_t errlen)
{
    memset(r, 0, sizeof(*r));
    struct ak_loop *loop = ak_loop_new(AK_CLOCK_REAL, 0);
    struct run_ctx c = {.r = r};
    struct ak_sandbox *sb;
    int rc = ak_sandbox_start(loop, spec, run_done, &c, &sb, err, errlen);
    if (rc < 0) {
        r->rc = rc;
        r->end = AK_SANDBOX_SETUP_FAILED;
        r->exit_code = -1;
        snprintf(r->error, sizeof(r->error), "%s", err ? err : "sandbox start failed");
        ak_loop_free(loop);
        return rc;
    }
    while (!c.done)
        ak_loop_run_once(loop, 1000);
    ak_loop_free(loop);
    if (r->rc < 0)
        seterr(err, errlen, r->rc, "%s", r->error);
    return r->rc;
}
