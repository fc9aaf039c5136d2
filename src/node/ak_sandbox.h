/* ak_sandbox.h - runs a shell command "on an emulated AKS node": a Linux sandbox built from
 * namespaces, never touching the host. Used for `az vmss run-command invoke` (RunShellScript)
 * and `az aks command invoke`.
 *
 * Root filesystem of a run:
 *   /                      the node's directory (writable, persists between runs like a VM disk)
 *   /bin /sbin /usr/bin /usr/sbin
 *                          the shared base (busybox-static + wrappers), bind-mounted read-only
 *   /proc                  a fresh procfs of the run's pid namespace
 *   /tmp                   a small tmpfs, empty at every run
 *   /dev                   a tmpfs with null, zero, full, random, urandom (no tty)
 *   extra binds            read-only host files/dirs (e.g. kubectl, a kubeconfig)
 *
 * Isolation: new user, mount (pivot_root, the host root is detached), pid, net (no interface
 * up; optional sharing of the host network), uts (the node's hostname) and ipc namespaces;
 * no_new_privs; a reduced capability bounding set; every inherited fd closed; rlimits for
 * CPU, address space, processes, file size. When the daemon runs as root, sandbox uid/gid
 * 0..65535 are mapped to host ids uid_base.. (default 100000) and the node directory is
 * chowned to match; otherwise sandbox root is the daemon's own uid (needs unprivileged user
 * namespaces). A run is the process tree of one pid namespace: when the shell exits, or at
 * the timeout, the whole namespace is killed (no background process survives).
 *
 * Asynchronous API on the real-clock ak_loop (fd watches on non-blocking pipes + timers; the
 * child is reaped with waitpid(WNOHANG) when its status pipe reaches EOF: no SIGCHLD handler
 * is installed, but the daemon must not set SIGCHLD to SIG_IGN nor reap with waitpid(-1)).
 * Only one run per node directory at a time (the caller serializes, as Azure does).
 *
 * Ownership: the spec and everything it points to are *borrowed* for the duration of
 * ak_sandbox_start() only. The result passed to the callback is owned by the module and valid
 * during the callback; the handle is freed by the module right after the callback returns. */
#ifndef AK_SANDBOX_H
#define AK_SANDBOX_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

struct ak_loop;
struct ak_sandbox;

#define AK_SANDBOX_BUSYBOX "/bin/busybox" /* from Debian's busybox-static */
#define AK_SANDBOX_DEFAULT_TIMEOUT_MS (300 * 1000)
#define AK_SANDBOX_DEFAULT_MEM (256u << 20)    /* RLIMIT_AS */
#define AK_SANDBOX_DEFAULT_FSIZE (64u << 20)   /* RLIMIT_FSIZE, per file */
#define AK_SANDBOX_DEFAULT_NPROC 128           /* RLIMIT_NPROC of sandbox root */
#define AK_SANDBOX_DEFAULT_OUTPUT 4096         /* Azure keeps the last 4096 bytes of each */
#define AK_SANDBOX_DEFAULT_TMP (16u << 20)     /* /tmp tmpfs size */
#define AK_SANDBOX_DEFAULT_UID_BASE 100000u
#define AK_SANDBOX_MAX_OUTPUT (64u << 20)
#define AK_SANDBOX_MAX_BINDS 16
#define AK_SANDBOX_MAX_ENV 64

/* The df override: when the node's tree has this file, `df` (a script installed as /bin/df
 * and /usr/bin/df) prints it in GNU coreutils (Ubuntu 22.04) format; otherwise busybox df.
 * Format: one filesystem per line, 6 TAB-separated fields
 *     source  fstype  size_bytes  used_bytes  avail_bytes  mountpoint
 * e.g. "/dev/root\text4\t133003395072\t23393505280\t109592748032\t/"; lines starting with
 * '#' and lines with fewer fields are ignored. Supported: df, -h, -k, -T (combinable, e.g.
 * -hT), --human-readable, --print-type, and path arguments (df /var: the entry with the
 * longest mountpoint containing the path). Other options fall back to busybox df. */
#define AK_SANDBOX_DF_TSV "/etc/aksemu/df.tsv"

/* Creates (or refreshes) the shared read-only base in dir (e.g. DATA/nodefs/base): a copy of
 * AK_SANDBOX_BUSYBOX as bin/busybox, a hard link for every applet of `busybox --list-full`,
 * /usr/bin/sudo (a no-op wrapper: commands already run as root), /bin/bash and /usr/bin/bash
 * (busybox sh), /bin/df and /usr/bin/df (the override above), etc/passwd and etc/group (root,
 * azureuser; copied into a node's /etc at run time when missing). A stamp file with the
 * busybox size/mtime makes it a no-op when the base is current. 0 or AK_E* + err. */
int ak_sandbox_base_build(const char *dir, char *err, size_t errlen);

struct ak_sandbox_bind {
    const char *src; /* host path (file or directory), must exist */
    const char *dst; /* absolute path in the sandbox, no "." / ".." components */
};

enum ak_sandbox_flags {
    AK_SANDBOX_SHARE_NET = (1 << 0), /* stay in the host network namespace (kubectl) */
};

struct ak_sandbox_spec {
    const char *base_dir;  /* built by ak_sandbox_base_build() */
    const char *node_dir;  /* the node's writable root; created if missing */
    const char *hostname;  /* uts hostname; NULL: "localhost" */
    const char *command;   /* run as /bin/sh -c COMMAND, stdin /dev/null */
    const char *workdir;   /* sandbox path, created if missing; NULL: "/root" */
    const char *const *env; /* extra "NAME=value" (override the defaults), NULL-terminated */
    const struct ak_sandbox_bind *binds; /* read-only extra binds */
    size_t nbinds;
    unsigned flags;        /* enum ak_sandbox_flags */
    int64_t timeout_ms;    /* wall clock; 0: AK_SANDBOX_DEFAULT_TIMEOUT_MS */
    unsigned cpu_seconds;  /* RLIMIT_CPU per process; 0: timeout in s + 1 */
    uint64_t mem_bytes;    /* RLIMIT_AS per process; 0: default */
    uint64_t fsize_bytes;  /* RLIMIT_FSIZE; 0: default */
    unsigned max_procs;    /* RLIMIT_NPROC; 0: default */
    size_t max_output;     /* tail kept of stdout and of stderr, each; 0: 4096 */
    uint64_t tmp_bytes;    /* /tmp size; 0: default */
    uint32_t uid_base;     /* daemon is root: host uid/gid of sandbox root; 0: 100000 */
};

enum ak_sandbox_end {
    AK_SANDBOX_EXITED,       /* the shell exited: exit_code */
    AK_SANDBOX_SIGNALED,     /* the shell (or the namespace) died of term_signal */
    AK_SANDBOX_TIMEOUT,      /* wall-clock timeout: the namespace was killed */
    AK_SANDBOX_CPU_LIMIT,    /* the shell got SIGXCPU (RLIMIT_CPU) */
    AK_SANDBOX_CANCELED,     /* ak_sandbox_cancel() */
    AK_SANDBOX_SETUP_FAILED, /* nothing ran; rc < 0 and error says why */
};

struct ak_sandbox_stream {
    char *data;      /* the LAST bytes written (at most max_output), NUL-terminated */
    size_t len;
    uint64_t total;  /* bytes written in all */
    bool truncated;  /* total > len */
};

struct ak_sandbox_result {
    int rc;                   /* 0, or AK_E* when setup failed */
    enum ak_sandbox_end end;
    int exit_code;            /* the shell's exit status when end == EXITED, else -1 */
    int term_signal;          /* signal that ended it (SIGKILL for timeout/cancel), else 0 */
    bool timed_out;
    struct ak_sandbox_stream out, err;
    int64_t duration_ms;
    char error[512];          /* setup failure, "" otherwise */
};

const char *ak_sandbox_end_str(enum ak_sandbox_end end); /* "exited", "timeout", ... */
void ak_sandbox_result_release(struct ak_sandbox_result *r); /* frees out/err data */

/* Called once per run, from the loop. r is borrowed (valid during the call); the handle is
 * freed when the callback returns: do not cancel/destroy it from there. */
typedef void (*ak_sandbox_done_cb)(struct ak_sandbox *sb, const struct ak_sandbox_result *r,
                                   void *ud);

/* Starts a run on a real-clock loop. Returns 0 and *out, or AK_E* + err when nothing could
 * be started (bad spec, clone refused: namespaces not permitted, ...). Failures inside the
 * child (a mount refused, ...) come later through the callback as AK_SANDBOX_SETUP_FAILED. */
int ak_sandbox_start(struct ak_loop *loop, const struct ak_sandbox_spec *spec,
                     ak_sandbox_done_cb cb, void *ud, struct ak_sandbox **out, char *err,
                     size_t errlen);
/* Kills the run's namespace; the callback still follows (AK_SANDBOX_CANCELED). */
void ak_sandbox_cancel(struct ak_sandbox *sb);
/* Kills, reaps (blocking briefly) and frees without calling the callback (shutdown). */
void ak_sandbox_destroy(struct ak_sandbox *sb);
/* Host pid of the namespace's init (for diagnostics and tests). */
int ak_sandbox_pid(const struct ak_sandbox *sb);

/* The process's argv area (main's argc/argv): a sandbox's pid 1 (a copy of the daemon)
 * overwrites its copy with "/sbin/init" so `ps` inside shows a node's init, not the daemon's
 * command line. Optional. */
void ak_sandbox_set_title_area(int argc, char **argv);

/* Synchronous run on a private loop. Returns r->rc; *r must be released by the caller. */
int ak_sandbox_run(const struct ak_sandbox_spec *spec, struct ak_sandbox_result *r, char *err,
                   size_t errlen);

/* Disk usage of a node directory (sum of allocated blocks, hard links counted once per
 * walk entry); the caller compares it with the node's disk size. 0 or AK_E*. */
int ak_sandbox_dir_usage(const char *dir, uint64_t *bytes);

#endif
