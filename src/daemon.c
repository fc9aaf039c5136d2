/* daemon.c - `aksemu serve`: wires the loop, the store, the state, the controllers and the
 * HTTPS front doors together, and shuts them down cleanly on SIGTERM/SIGINT. */
#include "daemon.h"

#include <errno.h>
#include <fcntl.h>
#include <getopt.h>
#include <malloc.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/epoll.h>
#include <sys/file.h>
#include <sys/signalfd.h>
#include <sys/stat.h>
#include <unistd.h>

#include "api/ak_auth.h"
#include "api/ak_http.h"
#include "api/ak_tls.h"
#include "api/ak_ui.h"
#include "api/arm/ak_arm.h"
#include "api/kube/ak_kapi.h"
#include "ctrl/ak_kctrl.h"
#include "ctrl/ak_meter.h"
#include "kube/ak_kworld.h"
#include "core/ak_catalog.h"
#include "ctrl/ak_ctrl.h"
#include "ctrl/ak_runcmd.h"
#include "runtime/ak_loop.h"
#include "state/ak_state.h"
#include "store/ak_store.h"
#include "util/ak_log.h"
#include "util/ak_mem.h"
#include "util/ak_str.h"
#include "util/ak_banned.h"

#define DEFAULT_SUBSCRIPTION "00000000-0000-0000-0000-000000000001"
#define DEFAULT_TENANT "00000000-0000-0000-0000-0000000000aa"

struct daemon {
    struct ak_loop *loop;
    struct ak_runcmd *runcmd;
    struct ak_store *store;
    struct ak_state *state;
    struct ak_ctrl ctrl;
    struct ak_arm *arm;
    struct ak_kworld *kworld;
    struct ak_kctrl *kctrl;
    struct ak_kapi *kapi;
    struct ak_http *http;
    struct ak_meter *meter;
    struct ak_fdwatch sigw;
};

static int64_t loop_now(void *ud)
{
    return ak_loop_now(ud);
}

/* After ARM operations complete, the Kubernetes side follows (nodes appear and go). */
/* an operation started outside an ARM request (the cluster autoscaler) is run when due */
static void ctrl_kick(void *ud)
{
    ak_ctrl_kick(ud);
}

static void on_arm_change(void *ud)
{
    struct daemon *d = ud;
    ak_kworld_sync(d->kworld);
}

static void handle(void *ud, struct ak_http_req *req, struct ak_http_resp *resp)
{
    struct daemon *d = ud;
    const char *path = ak_http_path(req);
    if (ak_ui_handle(req, resp))
        return;
    if (strncmp(path, "/k8s/", 5) == 0 || ak_kapi_claims(d->kapi, req)) {
        ak_kapi_handle(d->kapi, req, resp);
        return;
    }
    ak_arm_handle(d->arm, req, resp);
}

static void on_signal(struct ak_loop *loop, int fd, uint32_t events, void *ud)
{
    (void)events;
    (void)ud;
    struct signalfd_siginfo si;
    if (read(fd, &si, sizeof(si)) == (ssize_t)sizeof(si))
        ak_log(AK_LOG_INFO, "serve", "received %s, shutting down", strsignal((int)si.ssi_signo));
    ak_loop_stop(loop);
}

static void usage(FILE *f)
{
    fputs("usage: aksemu serve [--listen ADDR:PORT] [--data DIR] [--provision-ms N]\n"
          "                    [--node-ready-ms N] [--pod-start-ms N] [--speed N]\n"
          "                    [--run-timeout-ms N] [--auth token|none]\n"
          "                    [--max-connections N] [--request-timeout-s N]\n"
          "                    [--operation-retention-s N] [--max-finished-operations N]\n"
          "                    [--sync normal|full] [--log-level debug|info|warn|error]\n"
          "                    [--quiet] [--catalog FILE] [--subscription ID]\n"
          "\n"
          "  --listen ADDR:PORT   HTTPS address (default 127.0.0.1:8443; port 0 picks a free one)\n"
          "  --data DIR           state, certificates and logs (default ./.aksemu)\n"
          "  --provision-ms N     how long every ARM operation stays in progress (default 500)\n"
          "  --node-ready-ms N    a new node reports Ready this long after it registers (1000)\n"
          "  --pod-start-ms N     a scheduled pod's containers run this long after binding (1000)\n"
          "  --speed N            the life of nodes runs N times faster: spot eviction notice, drain\n"
          "                       and repair timeouts, kubelet and autoscaler intervals, log growth\n"
          "                       (default 1: Azure's and Kubernetes' own timings)\n"
          "  --run-timeout-ms N   a run command (az vmss run-command invoke) is killed after N ms\n"
          "                       (default: Azure's 90 minutes, divided by --speed)\n"
          "  --auth MODE          token: both APIs need a bearer token: DATA/token (made on first\n"
          "                       start) or one the fake ADFS signs with it (default); none: any\n"
          "                       request is accepted (only for a machine you alone use)\n"
          "  --max-connections N  connections served at once; more are closed at once (1024)\n"
          "  --request-timeout-s N  a connection that has not sent a whole request (headers and\n"
          "                       body) within N s of opening or of its last answer is closed (60)\n"
          "  --operation-retention-s N  a finished ARM operation can be polled for N s (86400)\n"
          "  --max-finished-operations N  at most N finished operations are kept, the oldest go\n"
          "                       first (10000); polling one that is gone answers 404 NotFound\n"
          "  --sync MODE          normal: every acknowledged write survives kill -9 (default);\n"
          "                       full: also survives power loss (fsync per commit)\n"
          "  --quiet              no per-request log lines\n"
          "  --catalog FILE       VM size catalog TSV replacing the built-in data/vm-sizes.tsv\n"
          "  --subscription ID    the emulated subscription id\n",
          f);
}

static int ensure_dir(const char *dir)
{
    char buf[4096];
    snprintf(buf, sizeof(buf), "%s", dir);
    for (char *p = buf + 1; *p; p++)
        if (*p == '/') {
            *p = '\0';
            mkdir(buf, 0700);
            *p = '/';
        }
    if (mkdir(buf, 0700) != 0 && errno != EEXIST)
        return -1;
    struct stat sb;
    return stat(buf, &sb) == 0 && S_ISDIR(sb.st_mode) ? 0 : -1;
}

int ak_cmd_serve(int argc, char **argv)
{
    const char *listen = "127.0.0.1:8443";
    const char *data = getenv("AKSEMU_DATA") ? getenv("AKSEMU_DATA") : "./.aksemu";
    const char *catalog = NULL;
    const char *sub = DEFAULT_SUBSCRIPTION;
    int64_t provision_ms = 500, node_ready_ms = 1000, pod_start_ms = 1000, run_timeout_ms = 0;
    double speed = 1;
    enum ak_store_sync sync = AK_SYNC_NORMAL;
    bool quiet = false, auth = true;
    int64_t max_conns = 1024, request_timeout_s = 60;
    int64_t op_retention_s = AK_OP_RETENTION_MS / 1000, op_max_finished = (int64_t)AK_OP_MAX_FINISHED;
    static const struct option opts[] = {
        {"auth", required_argument, NULL, 'A'},
        {"max-connections", required_argument, NULL, 'C'},
        {"request-timeout-s", required_argument, NULL, 'T'},
        {"operation-retention-s", required_argument, NULL, 'O'},
        {"max-finished-operations", required_argument, NULL, 'M'},
        {"listen", required_argument, NULL, 'l'},
        {"data", required_argument, NULL, 'd'},
        {"provision-ms", required_argument, NULL, 'p'},
        {"node-ready-ms", required_argument, NULL, 'N'},
        {"pod-start-ms", required_argument, NULL, 'P'},
        {"speed", required_argument, NULL, 'X'},
        {"run-timeout-ms", required_argument, NULL, 'R'},
        {"sync", required_argument, NULL, 's'},
        {"log-level", required_argument, NULL, 'v'},
        {"quiet", no_argument, NULL, 'q'},
        {"catalog", required_argument, NULL, 'c'},
        {"subscription", required_argument, NULL, 'S'},
        {"help", no_argument, NULL, 'h'},
        {NULL, 0, NULL, 0},
    };
    /* Large buffers (LIST responses of thousands of objects) are mapped and unmapped on
     * their own: a fixed threshold stops glibc from raising it after the first big free and
     * then keeping every later big buffer in the heap, where the freed memory stays resident. */
    mallopt(M_MMAP_THRESHOLD, 256 * 1024);
    mallopt(M_TRIM_THRESHOLD, 1024 * 1024);
    int ch;
    optind = 1;
    while ((ch = getopt_long(argc, argv, "h", opts, NULL)) != -1) {
        int64_t v;
        switch (ch) {
        case 'l': listen = optarg; break;
        case 'd': data = optarg; break;
        case 'p':
            if (ak_parse_i64(optarg, 1, 3600000, &v) != 0) {
                fprintf(stderr, "aksemu serve: --provision-ms must be 1..3600000, got '%s'\n", optarg);
                return 2;
            }
            provision_ms = v;
            break;
        case 'N':
        case 'P':
            if (ak_parse_i64(optarg, 0, 3600000, &v) != 0) {
                fprintf(stderr, "aksemu serve: --%s must be 0..3600000, got '%s'\n",
                        ch == 'N' ? "node-ready-ms" : "pod-start-ms", optarg);
                return 2;
            }
            if (ch == 'N')
                node_ready_ms = v;
            else
                pod_start_ms = v;
            break;
        case 'R':
            if (ak_parse_i64(optarg, 100, 24 * 3600000, &v) != 0) {
                fprintf(stderr, "aksemu serve: --run-timeout-ms must be 100..86400000, got '%s'\n", optarg);
                return 2;
            }
            run_timeout_ms = v;
            break;
        case 'X': {
            double d;
            if (ak_parse_double(optarg, &d) != 0 || !(d >= 1 && d <= 1000000)) {
                fprintf(stderr, "aksemu serve: --speed must be 1..1000000, got '%s'\n", optarg);
                return 2;
            }
            speed = d;
            break;
        }
        case 's':
            if (strcmp(optarg, "normal") == 0)
                sync = AK_SYNC_NORMAL;
            else if (strcmp(optarg, "full") == 0)
                sync = AK_SYNC_FULL;
            else {
                fprintf(stderr, "aksemu serve: --sync must be normal or full, got '%s'\n", optarg);
                return 2;
            }
            break;
        case 'v':
            if (ak_log_parse_level(optarg, &ak_log_min) != 0) {
                fprintf(stderr, "aksemu serve: unknown --log-level '%s'\n", optarg);
                return 2;
            }
            break;
        case 'q': quiet = true; break;
        case 'C':
        case 'T':
            if (ak_parse_i64(optarg, 1, ch == 'C' ? 65536 : 86400, &v) != 0) {
                fprintf(stderr, "aksemu serve: --%s must be 1..%d, got '%s'\n",
                        ch == 'C' ? "max-connections" : "request-timeout-s", ch == 'C' ? 65536 : 86400,
                        optarg);
                return 2;
            }
            if (ch == 'C')
                max_conns = v;
            else
                request_timeout_s = v;
            break;
        case 'O':
            if (ak_parse_i64(optarg, 1, 30 * 86400, &v) != 0) {
                fprintf(stderr, "aksemu serve: --operation-retention-s must be 1..2592000, got '%s'\n",
                        optarg);
                return 2;
            }
            op_retention_s = v;
            break;
        case 'M':
            if (ak_parse_i64(optarg, 1, 10000000, &v) != 0) {
                fprintf(stderr, "aksemu serve: --max-finished-operations must be 1..10000000, got '%s'\n",
                        optarg);
                return 2;
            }
            op_max_finished = v;
            break;
        case 'A':
            if (strcmp(optarg, "token") == 0 || strcmp(optarg, "none") == 0) {
                auth = strcmp(optarg, "token") == 0;
            } else {
                fprintf(stderr, "aksemu serve: --auth must be token or none, got '%s'\n", optarg);
                return 2;
            }
            break;
        case 'c': catalog = optarg; break;
        case 'S': sub = optarg; break;
        case 'h': usage(stdout); return 0;
        default: usage(stderr); return 2;
        }
    }
    if (optind < argc) {
        fprintf(stderr, "aksemu serve: unexpected argument '%s'\n", argv[optind]);
        usage(stderr);
        return 2;
    }
    signal(SIGPIPE, SIG_IGN);
    if (catalog) {
        char err[512];
        if (ak_catalog_load_file(catalog, err, sizeof(err)) != 0) {
            fprintf(stderr, "aksemu serve: --catalog: %s\n", err);
            return 1;
        }
    }
    if (ensure_dir(data) != 0) {
        fprintf(stderr, "aksemu serve: cannot create the data directory %s: %s\n", data,
                strerror(errno));
        return 1;
    }
    char path[4096];
    snprintf(path, sizeof(path), "%s/lock", data);
    int lockfd = open(path, O_RDWR | O_CREAT | O_CLOEXEC, 0600);
    if (lockfd < 0 || flock(lockfd, LOCK_EX | LOCK_NB) != 0) {
        fprintf(stderr, "aksemu serve: %s is in use by another aksemu daemon (lock %s)\n", data,
                path);
        return 1;
    }

    struct daemon d;
    memset(&d, 0, sizeof(d));
    char *token = NULL;
    int rc = 1;
    struct ak_err err;
    struct ak_tls_files tls = {0};
    char ebuf[512];
    snprintf(path, sizeof(path), "%s/aksemu.db", data);
    if (ak_store_open_sqlite(&d.store, path, sync, &err) != 0) {
        fprintf(stderr, "aksemu serve: %s\n", err.message);
        goto out;
    }
    if (ak_tls_ensure(data, &tls, ebuf, sizeof(ebuf)) != 0) {
        fprintf(stderr, "aksemu serve: TLS: %s\n", ebuf);
        goto out;
    }
    if (ak_auth_token_ensure(data, &token, ebuf, sizeof(ebuf)) != 0) {
        fprintf(stderr, "aksemu serve: %s\n", ebuf);
        goto out;
    }
    d.loop = ak_loop_new(AK_CLOCK_REAL, 0);
    struct ak_state_config scfg = {
        .subscription_id = sub,
        .subscription_name = "aksemu",
        .tenant_id = DEFAULT_TENANT,
        .provision_ms = provision_ms,
        .op_retention_ms = op_retention_s * 1000,
        .op_max_finished = (size_t)op_max_finished,
    };
    d.state = ak_state_new(d.store, &scfg, loop_now, d.loop);
    if (ak_state_load(d.state, &err) != 0) {
        fprintf(stderr, "aksemu serve: %s\n", err.message);
        goto out;
    }
    struct ak_kworld_config kcfg = {node_ready_ms, pod_start_ms, 5000, speed, false};
    d.kworld = ak_kworld_new(d.state, d.loop, &kcfg);
    d.kctrl = ak_kctrl_new(d.kworld);
    d.kapi = ak_kapi_new(d.kworld);
    ak_kapi_set_open(d.kapi, !auth);
    if (ak_kworld_load(d.kworld, &err) != 0) {
        fprintf(stderr, "aksemu serve: %s\n", err.message);
        goto out;
    }
    ak_ctrl_init(&d.ctrl, d.loop, d.state);
    d.ctrl.on_change = on_arm_change;
    ak_state_set_op_hook(d.state, ctrl_kick, &d.ctrl);
    d.ctrl.on_change_ud = &d;
    struct ak_http_config hcfg = {
        .listen = listen,
        .cert_pem = tls.cert_pem,
        .key_pem = tls.key_pem,
        .quiet = quiet,
        .max_conns = (unsigned)max_conns,
        .request_timeout_s = (unsigned)request_timeout_s,
    };
    d.http = ak_http_start(d.loop, &hcfg, handle, &d, ebuf, sizeof(ebuf));
    if (!d.http) {
        fprintf(stderr, "aksemu serve: %s\n", ebuf);
        goto out;
    }
    struct ak_runcmd_config rcfg = {.data_dir = data, .provision_ms = provision_ms, .timeout_ms = run_timeout_ms};
    d.runcmd = ak_runcmd_new(d.kworld, &rcfg);
    d.meter = ak_meter_new(d.state, d.loop, speed);
    struct ak_arm_config acfg = {
        .ca_pem = tls.ca_pem,
        .provision_ms = provision_ms,
        .port = ak_http_port(d.http),
        .speed = speed,
        .runcmd = d.runcmd,
        .token = auth ? token : NULL,
        .meter = d.meter,
    };
    d.arm = ak_arm_new(d.state, &d.ctrl, &acfg);
    /* operations that were in progress when the daemon stopped resume now */
    ak_ctrl_kick(&d.ctrl);
    ak_kworld_sync(d.kworld);

    sigset_t mask;
    sigemptyset(&mask);
    sigaddset(&mask, SIGTERM);
    sigaddset(&mask, SIGINT);
    sigprocmask(SIG_BLOCK, &mask, NULL);
    d.sigw.fd = signalfd(-1, &mask, SFD_CLOEXEC | SFD_NONBLOCK);
    d.sigw.cb = on_signal;
    ak_loop_add_fd(d.loop, &d.sigw, EPOLLIN);

    char url[128];
    snprintf(url, sizeof(url), "https://127.0.0.1:%u\n", (unsigned)ak_http_port(d.http));
    snprintf(path, sizeof(path), "%s/url", data);
    ak_write_file(path, url, strlen(url), 0644);
    url[strlen(url) - 1] = '\0';
    ak_log(AK_LOG_INFO, "serve", "aksemu listening on %s (data %s, subscription %s, %s)", url, data,
           sub, auth ? "bearer token in the data directory's file 'token'" : "no authentication (--auth none)");
    ak_loop_run(d.loop);
    unlink(path);
    rc = 0;
out:
    if (d.http)
        ak_http_stop(d.http);
    if (d.sigw.fd > 0)
        close(d.sigw.fd);
    if (d.loop)
        ak_ctrl_stop(&d.ctrl);
    ak_arm_free(d.arm);
    ak_runcmd_free(d.runcmd);
    ak_kworld_free(d.kworld);
    ak_kapi_free(d.kapi);
    ak_kctrl_free(d.kctrl);
    ak_state_free(d.state);
    ak_meter_free(d.meter);
    ak_store_close(d.store);
    ak_loop_free(d.loop);
    ak_tls_files_release(&tls);
    free(token);
    close(lockfd);
    if (rc == 0)
        ak_log(AK_LOG_INFO, "serve", "stopped");
    return rc;
}
