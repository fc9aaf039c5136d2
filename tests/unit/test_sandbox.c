/* test_sandbox.c - the node sandbox: base build, echo/hostname, node files, persistence, the
 * sudo/bash/df wrappers, extra binds, and containment: host files, writes outside the node
 * dir, network, fork bomb, 100 MB of output, busy loop (timeout, RLIMIT_CPU), background
 * processes, setup errors. If the kernel refuses the namespaces the tests FAIL with the
 * sandbox's message (CI runs as root where they work). */
#include "unit_helpers.h"

#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <ftw.h>
#include <grp.h>
#include <netinet/in.h>
#include <signal.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <sys/resource.h>
#include <sys/socket.h>
#include <sys/stat.h>
#include <sys/types.h>
#include <sys/wait.h>
#include <unistd.h>

#include "node/ak_sandbox.h"
#include "runtime/ak_loop.h"
#include "util/ak_err.h"
#include "util/ak_mem.h"
#include "util/ak_time.h"

static char g_root[256]; /* /tmp/aksemu-sbx-test-XXXXXX */
static char g_base[300];

#define HOSTNAME "aks-nodepool1-12345678-vmss000000"

static int rm_cb(const char *p, const struct stat *st, int type, struct FTW *f)
{
    (void)st, (void)f;
    if (type == FTW_DP)
        rmdir(p);
    else
        unlink(p);
    return 0;
}

static void rm_rf(const char *p)
{
    nftw(p, rm_cb, 32, FTW_DEPTH | FTW_PHYS | FTW_MOUNT);
}

static void write_file(const char *path, const char *text)
{
    FILE *f = fopen(path, "w");
    if (!f)
        fail_msg("fopen %s: %s", path, strerror(errno));
    fputs(text, f);
    fclose(f);
}

static void mkdirs(const char *path)
{
    char b[512];
    snprintf(b, sizeof(b), "%s", path);
    for (char *p = b + 1; *p; p++)
        if (*p == '/') {
            *p = '\0';
            mkdir(b, 0755);
            *p = '/';
        }
    mkdir(b, 0755);
}

/* node dir path for a test */
static void node_dir(char *out, size_t n, const char *name)
{
    snprintf(out, n, "%s/nodes/%s/root", g_root, name);
}

static void spec_init(struct ak_sandbox_spec *s, const char *node, const char *cmd)
{
    memset(s, 0, sizeof(*s));
    s->base_dir = g_base;
    s->node_dir = node;
    s->hostname = HOSTNAME;
    s->command = cmd;
    s->timeout_ms = 30000;
}

/* Runs and fails the test (with the sandbox's message) if it could not run. */
static void run_ok(const struct ak_sandbox_spec *s, struct ak_sandbox_result *r)
{
    char err[512] = "";
    int rc = ak_sandbox_run(s, r, err, sizeof(err));
    if (rc < 0)
        fail_msg("sandbox run failed: %s", err);
    assert_int_equal(r->rc, 0);
}

static void run_cmd(const char *node, const char *cmd, struct ak_sandbox_result *r)
{
    struct ak_sandbox_spec s;
    spec_init(&s, node, cmd);
    run_ok(&s, r);
}

static int count_host_procs(void)
{
    DIR *d = opendir("/proc");
    int n = 0;
    struct dirent *e;
    while (d && (e = readdir(d)))
        if (e->d_name[0] >= '0' && e->d_name[0] <= '9')
            n++;
    if (d)
        closedir(d);
    return n;
}

/* host pid of a process whose argv contains arg, or 0 */
static pid_t find_proc_with_arg(const char *arg)
{
    DIR *d = opendir("/proc");
    struct dirent *e;
    pid_t found = 0;
    while (d && !found && (e = readdir(d))) {
        if (e->d_name[0] < '0' || e->d_name[0] > '9')
            continue;
        char p[300], buf[4096];
        snprintf(p, sizeof(p), "/proc/%s/cmdline", e->d_name);
        int fd = open(p, O_RDONLY);
        if (fd < 0)
            continue;
        ssize_t n = read(fd, buf, sizeof(buf) - 1);
        close(fd);
        for (ssize_t off = 0; off < n; off += (ssize_t)strlen(buf + off) + 1) {
            buf[n] = '\0';
            if (strcmp(buf + off, arg) == 0)
                found = (pid_t)strtol(e->d_name, NULL, 10);
        }
    }
    if (d)
        closedir(d);
    return found;
}

static int group_setup(void **state)
{
    (void)state;
    snprintf(g_root, sizeof(g_root), "/tmp/aksemu-sbx-test-XXXXXX");
    if (!mkdtemp(g_root))
        return -1;
    chmod(g_root, 0755); /* test_unprivileged_daemon runs a daemon as uid 65534 in it (a root
                          * daemon needs no such mode: t_runcmd uses a 0700 data dir) */
    snprintf(g_base, sizeof(g_base), "%s/base", g_root);
    char err[512] = "";
    if (ak_sandbox_base_build(g_base, err, sizeof(err)) < 0) {
        fprintf(stderr, "base build failed: %s\n", err);
        return -1;
    }
    return 0;
}

static int group_teardown(void **state)
{
    (void)state;
    rm_rf(g_root);
    return 0;
}

/* ---------------------------------------------------------------- basics */

static void test_base_build_idempotent(void **state)
{
    (void)state;
    char p[512], err[512] = "";
    struct stat a, b;
    snprintf(p, sizeof(p), "%s/bin/busybox", g_base);
    assert_int_equal(lstat(p, &a), 0);
    assert_true(S_ISREG(a.st_mode)); /* a copy, not a symlink to the host */
    assert_int_equal(ak_sandbox_base_build(g_base, err, sizeof(err)), 0);
    assert_int_equal(lstat(p, &b), 0);
    assert_int_equal(a.st_ino, b.st_ino); /* stamp current: nothing rewritten */
    assert_true(b.st_nlink > 100);       /* applets are hard links */
    const char *must[] = {"bin/sh", "usr/bin/awk", "usr/bin/sudo", "bin/bash", "bin/df",
                          "usr/bin/df", "etc/passwd", "etc/group", "sbin/ip"};
    for (size_t i = 0; i < AK_ARRAY_LEN(must); i++) {
        snprintf(p, sizeof(p), "%s/%s", g_base, must[i]);
        if (access(p, F_OK) != 0)
            fail_msg("base lacks %s", must[i]);
    }
    /* a wrong stamp triggers a rebuild */
    snprintf(p, sizeof(p), "%s/.aksemu-base-stamp", g_base);
    write_file(p, "old\n");
    assert_int_equal(ak_sandbox_base_build(g_base, err, sizeof(err)), 0);
    snprintf(p, sizeof(p), "%s/bin/busybox", g_base);
    assert_int_equal(lstat(p, &b), 0);
    assert_int_not_equal(a.st_ino, b.st_ino);
}

static void test_echo_hostname_pidns(void **state)
{
    (void)state;
    char nd[512];
    node_dir(nd, sizeof(nd), "echo");
    struct ak_sandbox_result r;
    run_cmd(nd, "echo hello; hostname; id -u; echo pid=$$; echo oops >&2; exit 3", &r);
    assert_int_equal(r.end, AK_SANDBOX_EXITED);
    assert_int_equal(r.exit_code, 3);
    ASSERT_STR(r.out.data, "hello\n" HOSTNAME "\n0\npid=2\n");
    ASSERT_STR(r.err.data, "oops\n");
    assert_false(r.out.truncated);
    assert_int_equal(r.out.total, r.out.len);
    assert_true(r.duration_ms >= 0 && r.duration_ms < 30000);
    ak_sandbox_result_release(&r);
}

static void test_node_file_os_release(void **state)
{
    (void)state;
    char nd[512], p[600];
    node_dir(nd, sizeof(nd), "osrel");
    snprintf(p, sizeof(p), "%s/etc", nd);
    mkdirs(p);
    const char *osr = "PRETTY_NAME=\"Ubuntu 22.04.5 LTS\"\nNAME=\"Ubuntu\"\nVERSION_ID=\"22.04\"\n";
    snprintf(p, sizeof(p), "%s/etc/os-release", nd);
    write_file(p, osr);
    struct ak_sandbox_result r;
    run_cmd(nd, "cat /etc/os-release; grep -c azureuser /etc/passwd", &r);
    assert_int_equal(r.exit_code, 0);
    char want[512];
    snprintf(want, sizeof(want), "%s1\n", osr);
    ASSERT_STR(r.out.data, want);
    ak_sandbox_result_release(&r);
}

static void test_files_persist(void **state)
{
    (void)state;
    char nd[512], p[600];
    node_dir(nd, sizeof(nd), "persist");
    struct ak_sandbox_result r;
    run_cmd(nd, "mkdir -p /var/lib/x && echo data > /var/lib/x/f && echo t > /tmp/t", &r);
    assert_int_equal(r.exit_code, 0);
    ak_sandbox_result_release(&r);
    run_cmd(nd, "cat /var/lib/x/f; cat /tmp/t 2>/dev/null || echo tmp-fresh", &r);
    ASSERT_STR(r.out.data, "data\ntmp-fresh\n");
    ak_sandbox_result_release(&r);
    snprintf(p, sizeof(p), "%s/var/lib/x/f", nd);
    assert_int_equal(access(p, F_OK), 0); /* on the node's disk, on the host */
    uint64_t used = 0;
    assert_int_equal(ak_sandbox_dir_usage(nd, &used), 0);
    assert_true(used > 0);
    /* RLIMIT_FSIZE */
    struct ak_sandbox_spec s;
    spec_init(&s, nd, "head -c 2000000 /dev/zero > /big; echo rc=$?; wc -c < /big");
    s.fsize_bytes = 1 << 20;
    run_ok(&s, &r);
    ASSERT_CONTAINS(r.out.data, "1048576");
    ak_sandbox_result_release(&r);
}

static void test_wrappers_sudo_bash(void **state)
{
    (void)state;
    char nd[512];
    node_dir(nd, sizeof(nd), "wrap");
    struct ak_sandbox_result r;
    run_cmd(nd,
            "sudo echo a; sudo -i echo b; sudo -u azureuser echo c; sudo bash -c 'echo d';"
            " bash -c 'echo e'; sudo -E -- echo f; echo 'echo g' | sudo -i; sudo whoami",
            &r);
    ASSERT_STR(r.out.data, "a\nb\nc\nd\ne\nf\ng\nroot\n");
    ak_sandbox_result_release(&r);
}

static void test_df_override(void **state)
{
    (void)state;
    char nd[512], p[600];
    node_dir(nd, sizeof(nd), "df");
    snprintf(p, sizeof(p), "%s/etc/aksemu", nd);
    mkdirs(p);
    snprintf(p, sizeof(p), "%s/boot/efi", nd);
    mkdirs(p);
    snprintf(p, sizeof(p), "%s/var/log", nd);
    mkdirs(p);
    snprintf(p, sizeof(p), "%s/etc/aksemu/df.tsv", nd);
    write_file(p, "# source fstype size used avail mountpoint\n"
                  "/dev/root\text4\t133003395072\t23393505280\t109592748032\t/\n"
                  "tmpfs\ttmpfs\t16803577856\t0\t16803577856\t/dev/shm\n"
                  "/dev/sda15\tvfat\t109422592\t6291456\t103131136\t/boot/efi\n");
    struct ak_sandbox_result r;
    run_cmd(nd, "df -h; echo --; df; echo --; df -h /var; echo --; df -hT /boot/efi; echo --;"
                " df -k /nonexistent; echo rc=$?", &r);
    ASSERT_STR(r.out.data,
               "Filesystem      Size  Used Avail Use% Mounted on\n"
               "/dev/root       124G   22G  103G  18% /\n"
               "tmpfs            16G     0   16G   0% /dev/shm\n"
               "/dev/sda15      105M  6.0M   99M   6% /boot/efi\n"
               "--\n"
               "Filesystem     1K-blocks     Used Available Use% Mounted on\n"
               "/dev/root      129886128 22845220 107024168  18% /\n"
               "tmpfs           16409744        0  16409744   0% /dev/shm\n"
               "/dev/sda15        106858     6144    100714   6% /boot/efi\n"
               "--\n"
               "Filesystem      Size  Used Avail Use% Mounted on\n"
               "/dev/root       124G   22G  103G  18% /\n"
               "--\n"
               "Filesystem     Type  Size  Used Avail Use% Mounted on\n"
               "/dev/sda15     vfat  105M  6.0M   99M   6% /boot/efi\n"
               "--\n"
               "rc=1\n");
    ASSERT_STR(r.err.data, "df: /nonexistent: No such file or directory\n");
    ak_sandbox_result_release(&r);
    /* without the file: busybox df */
    run_cmd(nd, "rm /etc/aksemu/df.tsv; df /", &r);
    ASSERT_CONTAINS(r.out.data, "Filesystem");
    ak_sandbox_result_release(&r);
}

static void test_extra_bind_env_workdir(void **state)
{
    (void)state;
    char nd[512], p[600], hostdir[512], src[512];
    node_dir(nd, sizeof(nd), "bind");
    snprintf(hostdir, sizeof(hostdir), "%s/hostdir", g_root);
    mkdirs(hostdir);
    snprintf(src, sizeof(src), "%s/kubectl-fake", g_root);
    write_file(src, "#!/bin/sh\necho fake-kubectl \"$@\"\n");
    chmod(src, 0755);
    /* a planted symlink where the bind's parent goes: must not lead to the host */
    snprintf(p, sizeof(p), "%s/usr", nd);
    mkdirs(p);
    snprintf(p, sizeof(p), "%s/usr/local", nd);
    assert_int_equal(symlink(hostdir, p), 0);
    struct ak_sandbox_bind binds[] = {{src, "/usr/local/bin/kubectl"}};
    const char *env[] = {"KUBECONFIG=/etc/kubeconfig", "LANG=en_US.UTF-8", NULL};
    struct ak_sandbox_spec s;
    spec_init(&s, nd, "kubectl get nodes; echo $KUBECONFIG $LANG; pwd;"
                      " echo x > /usr/local/bin/kubectl || echo ro");
    s.binds = binds;
    s.nbinds = 1;
    s.env = env;
    s.workdir = "/var/lib/waagent/run-command/download/0";
    struct ak_sandbox_result r;
    run_ok(&s, &r);
    ASSERT_STR(r.out.data, "fake-kubectl get nodes\n/etc/kubeconfig en_US.UTF-8\n"
                           "/var/lib/waagent/run-command/download/0\nro\n");
    ak_sandbox_result_release(&r);
    DIR *d = opendir(hostdir);
    assert_non_null(d);
    struct dirent *e;
    while ((e = readdir(d)))
        if (strcmp(e->d_name, ".") && strcmp(e->d_name, ".."))
            fail_msg("the host dir got %s", e->d_name);
    closedir(d);
    /* bad specs come back synchronously */
    char err[512] = "";
    struct ak_sandbox_bind bad[] = {{src, "/usr/../../x"}};
    s.binds = bad;
    assert_int_equal(ak_sandbox_run(&s, &r, err, sizeof(err)), AK_EINVAL);
    ak_sandbox_result_release(&r);
    struct ak_sandbox_bind missing[] = {{"/nonexistent/kubectl", "/usr/bin/kubectl"}};
    s.binds = missing;
    assert_true(ak_sandbox_run(&s, &r, err, sizeof(err)) < 0);
    ASSERT_CONTAINS(err, "/nonexistent/kubectl");
    ak_sandbox_result_release(&r);
}

/* ---------------------------------------------------------------- security */

static void test_host_files_unreachable(void **state)
{
    (void)state;
    char nd[512], p[600], marker[256], secret[64], cmd[4096];
    node_dir(nd, sizeof(nd), "hostread");
    mkdirs(nd);
    snprintf(secret, sizeof(secret), "SECRET-%d-%lld", (int)getpid(), (long long)ak_mono_ns());
    snprintf(marker, sizeof(marker), "/tmp/aksemu-marker-%d", (int)getpid());
    write_file(marker, secret);
    /* absolute symlinks planted in the node dir */
    snprintf(p, sizeof(p), "%s/evil", nd);
    assert_int_equal(symlink(marker, p), 0);
    snprintf(p, sizeof(p), "%s/hostroot", nd);
    assert_int_equal(symlink("/", p), 0);
    snprintf(p, sizeof(p), "%s/proc1", nd);
    assert_int_equal(symlink("/proc/1/root", p), 0);
    /* and where a mount point goes */
    snprintf(p, sizeof(p), "%s/tmp", nd);
    assert_int_equal(symlink("/tmp", p), 0);
    snprintf(cmd, sizeof(cmd),
             "cat %s; cat /proc/1/root%s; cat /proc/self/root%s; cd /; cat ../../../..%s;"
             " cd /var 2>/dev/null || cd /; cat ../../../../../%s; cat /evil; cat /hostroot%s;"
             " cat /proc1%s; ls -la /proc/1/root/ /proc/1/cwd/ >/dev/null;"
             " cat /proc/1/environ; for f in /proc/*/root; do cat $f%s; done;"
             " [ -e /work ] && echo HOST-WORK-VISIBLE; [ -e %s ] && echo HOST-MARKER-VISIBLE;"
             " ls /proc | grep -c '^[0-9]'",
             marker, marker, marker, marker, marker, marker, marker, marker, marker);
    struct ak_sandbox_result r;
    run_cmd(nd, cmd, &r);
    ASSERT_NOT_CONTAINS(r.out.data, secret);
    ASSERT_NOT_CONTAINS(r.err.data, secret);
    ASSERT_NOT_CONTAINS(r.out.data, "VISIBLE");
    /* only a handful of processes in the pid namespace */
    const char *last = strrchr(r.out.data, '\n');
    assert_non_null(last);
    while (last > r.out.data && last[-1] != '\n')
        last--;
    assert_true(strtol(last, NULL, 10) < 10);
    ak_sandbox_result_release(&r);
    assert_int_equal(access(marker, F_OK), 0);
    unlink(marker);
}

static void test_no_writes_outside(void **state)
{
    (void)state;
    char nd[512], p[600], hostdir[512], cmd[4096], bb[600];
    node_dir(nd, sizeof(nd), "hostwrite");
    mkdirs(nd);
    snprintf(hostdir, sizeof(hostdir), "/tmp/aksemu-hostw-%d", (int)getpid());
    mkdirs(hostdir);
    chmod(hostdir, 0777);
    snprintf(p, sizeof(p), "%s/out", nd);
    assert_int_equal(symlink(hostdir, p), 0);
    snprintf(bb, sizeof(bb), "%s/bin/busybox", g_base);
    struct stat before, after;
    assert_int_equal(stat(bb, &before), 0);
    snprintf(cmd, sizeof(cmd),
             "echo x > %s/w1; echo x > /proc/1/root%s/w2; cd /; echo x > ../../..%s/w3;"
             " echo x > /out/w4; mkdir -p %s && echo x > %s/w5;"
             " echo x > /bin/busybox; rm -f /bin/cat; touch /usr/bin/newfile;"
             " mount -o remount,rw /bin; umount /bin; echo x >> /sbin/ip;"
             " unshare -U -r -m sh -c 'mount -o remount,rw /bin; umount /bin; echo x > /bin/cat';"
             " echo x > %s/w6; hostname evil; echo h=$(hostname); true",
             hostdir, hostdir, hostdir, hostdir, hostdir, g_base);
    struct ak_sandbox_result r;
    run_cmd(nd, cmd, &r);
    ASSERT_STR(r.out.data, "h=" HOSTNAME "\n");
    ak_sandbox_result_release(&r);
    DIR *d = opendir(hostdir);
    assert_non_null(d);
    struct dirent *e;
    while ((e = readdir(d)))
        if (strcmp(e->d_name, ".") && strcmp(e->d_name, ".."))
            fail_msg("the host dir got %s", e->d_name);
    closedir(d);
    rmdir(hostdir);
    assert_int_equal(stat(bb, &after), 0);
    assert_int_equal(before.st_size, after.st_size);
    assert_int_equal(before.st_mtim.tv_sec, after.st_mtim.tv_sec);
    snprintf(p, sizeof(p), "%s/bin/cat", g_base);
    assert_int_equal(access(p, F_OK), 0);
    snprintf(p, sizeof(p), "%s/usr/bin/newfile", g_base);
    assert_int_not_equal(access(p, F_OK), 0);
    char host[256] = "";
    gethostname(host, sizeof(host));
    assert_string_not_equal(host, "evil");
}

static void test_network_isolated(void **state)
{
    (void)state;
    int ls = socket(AF_INET, SOCK_STREAM | SOCK_NONBLOCK | SOCK_CLOEXEC, 0);
    assert_true(ls >= 0);
    struct sockaddr_in a = {.sin_family = AF_INET, .sin_addr.s_addr = htonl(INADDR_LOOPBACK)};
    assert_int_equal(bind(ls, (struct sockaddr *)&a, sizeof(a)), 0);
    assert_int_equal(listen(ls, 16), 0);
    socklen_t al = sizeof(a);
    getsockname(ls, (struct sockaddr *)&a, &al);
    int port = ntohs(a.sin_port);
    char nd[512], cmd[1024];
    node_dir(nd, sizeof(nd), "net");
    snprintf(cmd, sizeof(cmd),
             "nc -w 2 127.0.0.1 %d </dev/null && echo NC-CONNECTED;"
             " wget -q -T 2 -O- http://127.0.0.1:%d/ && echo WGET-CONNECTED;"
             " grep -c : /proc/net/dev",
             port, port);
    struct ak_sandbox_result r;
    run_cmd(nd, cmd, &r);
    ASSERT_NOT_CONTAINS(r.out.data, "CONNECTED");
    ASSERT_CONTAINS(r.out.data, "1\n"); /* only lo */
    ak_sandbox_result_release(&r);
    int c = accept(ls, NULL, NULL);
    assert_true(c < 0 && (errno == EAGAIN || errno == EWOULDBLOCK)); /* nothing came in */

    /* positive control: with the host network shared the same connect arrives */
    struct ak_sandbox_spec s;
    snprintf(cmd, sizeof(cmd), "nc -w 1 127.0.0.1 %d </dev/null; true", port);
    spec_init(&s, nd, cmd);
    s.flags = AK_SANDBOX_SHARE_NET;
    run_ok(&s, &r);
    ak_sandbox_result_release(&r);
    c = accept(ls, NULL, NULL);
    assert_true(c >= 0);
    close(c);
    close(ls);
}

static void test_fork_bomb(void **state)
{
    (void)state;
    char nd[512];
    node_dir(nd, sizeof(nd), "bomb");
    int before = count_host_procs();
    struct ak_sandbox_spec s;
    spec_init(&s, nd, ":(){ :|:& };:; sleep 30");
    s.timeout_ms = 3000;
    s.max_procs = 64;
    struct ak_sandbox_result r;
    int64_t t0 = ak_mono_ns();
    run_ok(&s, &r);
    int64_t ms = (ak_mono_ns() - t0) / 1000000;
    assert_true(r.end == AK_SANDBOX_TIMEOUT || r.end == AK_SANDBOX_EXITED);
    assert_true(ms < 3000 + 20000);
    ak_sandbox_result_release(&r);
    int after = count_host_procs();
    for (int i = 0; i < 50 && after > before + 5; i++) {
        usleep(100000);
        after = count_host_procs();
    }
    if (after > before + 5)
        fail_msg("host processes %d before, %d after the fork bomb", before, after);
}

static void test_big_output_tail(void **state)
{
    (void)state;
    char nd[512];
    node_dir(nd, sizeof(nd), "bigout");
    struct rusage ru0, ru1;
    getrusage(RUSAGE_SELF, &ru0);
    struct ak_sandbox_result r;
    run_cmd(nd, "yes | head -c 100000000; echo tail-of-stderr >&2", &r);
    getrusage(RUSAGE_SELF, &ru1);
    assert_int_equal(r.end, AK_SANDBOX_EXITED);
    assert_int_equal(r.out.total, 100000000);
    assert_int_equal(r.out.len, 4096);
    assert_true(r.out.truncated);
    for (size_t i = 0; i < r.out.len; i++)
        assert_true(r.out.data[i] == (i % 2 ? '\n' : 'y'));
    ASSERT_STR(r.err.data, "tail-of-stderr\n");
    assert_false(r.err.truncated);
    assert_true(ru1.ru_maxrss - ru0.ru_maxrss < 64 * 1024); /* KiB: output is not buffered */
    ak_sandbox_result_release(&r);
    struct ak_sandbox_spec s;
    spec_init(&s, nd, "printf 0123456789abcdef");
    s.max_output = 10;
    run_ok(&s, &r);
    ASSERT_STR(r.out.data, "6789abcdef");
    assert_int_equal(r.out.total, 16);
    assert_true(r.out.truncated);
    ak_sandbox_result_release(&r);
}

static void test_busy_loop_timeout_and_cpu(void **state)
{
    (void)state;
    char nd[512];
    node_dir(nd, sizeof(nd), "busy");
    struct ak_sandbox_spec s;
    spec_init(&s, nd, "echo start; while :; do :; done");
    s.timeout_ms = 1500;
    struct ak_sandbox_result r;
    run_ok(&s, &r);
    assert_int_equal(r.end, AK_SANDBOX_TIMEOUT);
    assert_true(r.timed_out);
    assert_int_equal(r.term_signal, SIGKILL);
    assert_int_equal(r.exit_code, -1);
    ASSERT_STR(r.out.data, "start\n");
    assert_true(r.duration_ms >= 1000 && r.duration_ms < 25000);
    ak_sandbox_result_release(&r);
    spec_init(&s, nd, "while :; do :; done");
    s.cpu_seconds = 1;
    run_ok(&s, &r);
    assert_int_equal(r.end, AK_SANDBOX_CPU_LIMIT);
    assert_int_equal(r.term_signal, SIGXCPU);
    assert_false(r.timed_out);
    ak_sandbox_result_release(&r);
}

struct bg_ctx {
    struct ak_sandbox *sb;
    pid_t seen;
    bool done;
    struct ak_sandbox_result r;
};

static void bg_tick(struct ak_loop *l, struct ak_timer *t, void *ud)
{
    (void)l, (void)t;
    struct bg_ctx *c = ud;
    c->seen = find_proc_with_arg("987654");
}

static void bg_done(struct ak_sandbox *sb, const struct ak_sandbox_result *r, void *ud)
{
    (void)sb;
    struct bg_ctx *c = ud;
    c->r = *r;
    c->r.out.data = ak_xstrdup(r->out.data);
    c->r.err.data = ak_xstrdup(r->err.data);
    c->done = true;
}

static void test_background_process_killed(void **state)
{
    (void)state;
    char nd[512], err[512] = "";
    node_dir(nd, sizeof(nd), "bg");
    struct ak_loop *l = ak_loop_new(AK_CLOCK_REAL, 0);
    struct bg_ctx c = {0};
    struct ak_sandbox_spec s;
    spec_init(&s, nd, "/bin/busybox sleep 987654 & echo started; sleep 3; echo main-done");
    if (ak_sandbox_start(l, &s, bg_done, &c, &c.sb, err, sizeof(err)) < 0)
        fail_msg("sandbox start failed: %s", err);
    pid_t init = ak_sandbox_pid(c.sb);
    struct ak_timer t;
    ak_timer_init(&t, bg_tick, &c);
    ak_timer_start(l, &t, 1500);
    while (!c.done)
        ak_loop_run_once(l, 1000);
    if (c.r.rc < 0)
        fail_msg("sandbox: %s", c.r.error);
    assert_int_equal(c.r.end, AK_SANDBOX_EXITED);
    ASSERT_STR(c.r.out.data, "started\nmain-done\n");
    assert_true(c.seen > 0); /* it was running on the host, in the sandbox */
    assert_int_equal(find_proc_with_arg("987654"), 0);
    assert_true(kill(c.seen, 0) < 0 && errno == ESRCH);
    assert_true(kill(init, 0) < 0 && errno == ESRCH);
    ak_sandbox_result_release(&c.r);
    ak_timer_stop(l, &t);

    /* cancel */
    memset(&c, 0, sizeof(c));
    spec_init(&s, nd, "sleep 100");
    assert_int_equal(ak_sandbox_start(l, &s, bg_done, &c, &c.sb, err, sizeof(err)), 0);
    int64_t t0 = ak_mono_ns();
    ak_loop_run_once(l, 200);
    ak_sandbox_cancel(c.sb);
    while (!c.done)
        ak_loop_run_once(l, 1000);
    assert_int_equal(c.r.end, AK_SANDBOX_CANCELED);
    assert_int_equal(c.r.term_signal, SIGKILL);
    assert_true((ak_mono_ns() - t0) / 1000000 < 20000);
    ak_sandbox_result_release(&c.r);

    /* destroy without a callback */
    memset(&c, 0, sizeof(c));
    assert_int_equal(ak_sandbox_start(l, &s, bg_done, &c, &c.sb, err, sizeof(err)), 0);
    init = ak_sandbox_pid(c.sb);
    ak_sandbox_destroy(c.sb);
    assert_true(kill(init, 0) < 0 && errno == ESRCH);
    assert_false(c.done);
    ak_loop_free(l);
}

static void test_setup_error_reported(void **state)
{
    (void)state;
    char nd[512], err[512] = "";
    node_dir(nd, sizeof(nd), "seterr");
    struct ak_sandbox_spec s;
    spec_init(&s, nd, "echo never");
    s.hostname = "a-hostname-that-is-much-longer-than-the-sixty-four-bytes-linux-allows-for-uts";
    struct ak_sandbox_result r;
    int rc = ak_sandbox_run(&s, &r, err, sizeof(err));
    assert_true(rc < 0);
    assert_int_equal(r.end, AK_SANDBOX_SETUP_FAILED);
    ASSERT_CONTAINS(err, "sethostname");
    ASSERT_CONTAINS(r.error, "Invalid argument");
    ASSERT_STR(r.out.data, "");
    ak_sandbox_result_release(&r);
    /* a virtual loop is refused */
    struct ak_loop *l = ak_loop_new(AK_CLOCK_VIRTUAL, 0);
    struct ak_sandbox *sb;
    assert_int_equal(ak_sandbox_start(l, &s, NULL, NULL, &sb, err, sizeof(err)), AK_EINVAL);
    ak_loop_free(l);
}

/* root only: the same sandbox from an unprivileged uid (own-uid mapping). Skipped when the
 * kernel does not allow unprivileged user namespaces. */
static void test_unprivileged_daemon(void **state)
{
    (void)state;
    if (geteuid() != 0)
        skip();
    char nd[512];
    node_dir(nd, sizeof(nd), "unpriv");
    mkdirs(nd);
    char parent[600];
    snprintf(parent, sizeof(parent), "%s/nodes/unpriv", g_root);
    chown(parent, 65534, 65534);
    chown(nd, 65534, 65534);
    fflush(NULL);
    pid_t pid = fork();
    assert_true(pid >= 0);
    if (pid == 0) {
        if (setgroups(0, NULL) < 0 || setresgid(65534, 65534, 65534) < 0 ||
            setresuid(65534, 65534, 65534) < 0)
            _exit(2);
        struct ak_sandbox_spec s;
        spec_init(&s, nd, "id -u; hostname; echo hi > /f; cat /f; ls /root >/dev/null && echo ok");
        struct ak_sandbox_result r;
        char err[512] = "";
        int rc = ak_sandbox_run(&s, &r, err, sizeof(err));
        if (rc < 0) {
            fprintf(stderr, "unprivileged sandbox: %s\n", err);
            _exit(strstr(err, "clone(") ? 77 : 3);
        }
        if (strcmp(r.out.data, "0\n" HOSTNAME "\nhi\nok\n") != 0) {
            fprintf(stderr, "unprivileged sandbox: end=%s out=[%s] err=[%s]\n",
                    ak_sandbox_end_str(r.end), r.out.data, r.err.data);
            _exit(4);
        }
        _exit(0);
    }
    int st = 0;
    waitpid(pid, &st, 0);
    if (WIFEXITED(st) && WEXITSTATUS(st) == 77)
        skip();
    assert_true(WIFEXITED(st));
    assert_int_equal(WEXITSTATUS(st), 0);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_base_build_idempotent),
        cmocka_unit_test(test_echo_hostname_pidns),
        cmocka_unit_test(test_node_file_os_release),
        cmocka_unit_test(test_files_persist),
        cmocka_unit_test(test_wrappers_sudo_bash),
        cmocka_unit_test(test_df_override),
        cmocka_unit_test(test_extra_bind_env_workdir),
        cmocka_unit_test(test_host_files_unreachable),
        cmocka_unit_test(test_no_writes_outside),
        cmocka_unit_test(test_network_isolated),
        cmocka_unit_test(test_fork_bomb),
        cmocka_unit_test(test_big_output_tail),
        cmocka_unit_test(test_busy_loop_timeout_and_cpu),
        cmocka_unit_test(test_background_process_killed),
        cmocka_unit_test(test_setup_error_reported),
        cmocka_unit_test(test_unprivileged_daemon),
    };
    return cmocka_run_group_tests(tests, group_setup, group_teardown);
}
