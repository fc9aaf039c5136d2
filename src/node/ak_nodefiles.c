/* ak_nodefiles.c - renders an emulated AKS node's files from its facts (see ak_nodefiles.h).
 *
 * Formats follow reference/node-samples/: the line texts that are the literal strings of
 * AgentBaker, cloud-init, systemd, klog and containerd are kept; values come from the facts.
 * Everything is a pure function of the facts: no clock, no randomness (pids, sub-second
 * digits, fingerprints and the machine id come from hashes of the hostname). */
#include "ak_nodefiles.h"

#include <errno.h>
#include <fcntl.h>
#include <stdarg.h>
#include <stdatomic.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

#include "../core/ak_node.h"
#include "../util/ak_buf.h"
#include "../util/ak_err.h"
#include "../util/ak_mem.h"
#include "../util/ak_rand.h"
#include "../util/ak_str.h"
#include "../util/ak_banned.h"

#define S(x) ((x) ? (x) : "")
#define MCR_IP "204.79.197.219"
#define OUTBOUND_CMD "curl -v --insecure --proxy-insecure https://mcr.microsoft.com/v2/"

/* ------------------------------------------------------------------ sticky writer */

/* A buffer plus the first error: formatting code appends freely and checks once. */
struct w {
    struct ak_buf b;
    int rc;
};

static void w_init(struct w *w)
{
    ak_buf_init(&w->b, AK_NODEFILES_MAX_FILE);
    w->rc = 0;
}

__attribute__((format(printf, 2, 3))) static void wp(struct w *w, const char *fmt, ...)
{
    if (w->rc)
        return;
    va_list ap;
    va_start(ap, fmt);
    w->rc = ak_buf_vprintf(&w->b, fmt, ap);
    va_end(ap);
}

static void ws(struct w *w, const char *s)
{
    if (!w->rc)
        w->rc = ak_buf_puts(&w->b, s);
}

static void wjson(struct w *w, const char *s)
{
    if (!w->rc)
        w->rc = ak_buf_json_str(&w->b, s);
}

/* ------------------------------------------------------------------ time formats (UTC) */

static const char *const k_wday[] = {"Sun", "Mon", "Tue", "Wed", "Thu", "Fri", "Sat"};
static const char *const k_mon[] = {"Jan", "Feb", "Mar", "Apr", "May", "Jun",
                                    "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"};

static void tm_of(int64_t ms, struct tm *tm)
{
    time_t t = (time_t)((ms < 0 ? 0 : ms) / 1000);
    gmtime_r(&t, tm);
}

enum tfmt {
    T_RFC2822,  /* Thu, 20 Aug 2026 01:10:49 +0000 (cloud-init banners) */
    T_DATE,     /* Thu Aug 20 01:12:03 UTC 2026 (date(1), day space-padded) */
    T_SYSTEMD,  /* Thu 2026-08-20 01:10:41 UTC */
    T_SYSLOG,   /* Aug 20 01:10:41 (rsyslog traditional, day space-padded) */
    T_JOURNAL,  /* Aug 20 01:10:41 (journalctl short, day zero-padded) */
    T_CILOG,    /* 2026-08-20 01:10:49,123 */
    T_CSEEVENT, /* 2026-08-20 01:12:03.206 (date +"%F %T.%3N") */
};

static const char *tfmt(char out[64], int64_t ms, enum tfmt f)
{
    struct tm tm;
    tm_of(ms, &tm);
    int y = tm.tm_year + 1900, msec = (int)((ms < 0 ? 0 : ms) % 1000);
    const char *wd = k_wday[tm.tm_wday % 7], *mo = k_mon[tm.tm_mon % 12];
    switch (f) {
    case T_RFC2822:
        snprintf(out, 64, "%s, %02d %s %04d %02d:%02d:%02d +0000", wd, tm.tm_mday, mo, y,
                 tm.tm_hour, tm.tm_min, tm.tm_sec);
        break;
    case T_DATE:
        snprintf(out, 64, "%s %s %2d %02d:%02d:%02d UTC %04d", wd, mo, tm.tm_mday, tm.tm_hour,
                 tm.tm_min, tm.tm_sec, y);
        break;
    case T_SYSTEMD:
        snprintf(out, 64, "%s %04d-%02d-%02d %02d:%02d:%02d UTC", wd, y, tm.tm_mon + 1,
                 tm.tm_mday, tm.tm_hour, tm.tm_min, tm.tm_sec);
        break;
    case T_SYSLOG:
        snprintf(out, 64, "%s %2d %02d:%02d:%02d", mo, tm.tm_mday, tm.tm_hour, tm.tm_min,
                 tm.tm_sec);
        break;
    case T_JOURNAL:
        snprintf(out, 64, "%s %02d %02d:%02d:%02d", mo, tm.tm_mday, tm.tm_hour, tm.tm_min,
                 tm.tm_sec);
        break;
    case T_CILOG:
    case T_CSEEVENT:
        snprintf(out, 64, "%04d-%02d-%02d %02d:%02d:%02d%c%03d", y, tm.tm_mon + 1, tm.tm_mday,
                 tm.tm_hour, tm.tm_min, tm.tm_sec, f == T_CILOG ? ',' : '.', msec);
        break;
    }
    return out;
}

/* "2026-08-20T01:10:50.123456789Z" with deterministic sub-ms digits */
static const char *t_rfc3339nano(char out[64], int64_t ms, unsigned jitter)
{
    struct tm tm;
    tm_of(ms, &tm);
    snprintf(out, 64, "%04d-%02d-%02dT%02d:%02d:%02d.%03d%06uZ", tm.tm_year + 1900,
             tm.tm_mon + 1, tm.tm_mday, tm.tm_hour, tm.tm_min, tm.tm_sec,
             (int)((ms < 0 ? 0 : ms) % 1000), jitter % 1000000u);
    return out;
}

/* ------------------------------------------------------------------ derived facts */

/* FNV-1a of "s#salt" through the splitmix64 finaliser (FNV alone barely mixes the last
 * bytes, so salts differing in one character would give look-alike values). */
static uint64_t hstr(const char *s, const char *salt)
{
    struct ak_buf b = AK_BUF_INIT(4096);
    ak_buf_printf(&b, "%s#%s", S(s), S(salt));
    uint64_t h = ak_hash64(ak_buf_cstr(&b), b.len);
    ak_buf_release(&b);
    h ^= h >> 30;
    h *= 0xbf58476d1ce4e5b9ull;
    h ^= h >> 27;
    h *= 0x94d049bb133111ebull;
    h ^= h >> 31;
    return h;
}

/* n characters of alphabet al, each from its own hash of (s, salt, index) */
static void hchars(const char *s, const char *salt, const char *al, int n, char *out)
{
    size_t nal = strlen(al);
    for (int i = 0; i < n; i++) {
        char k[96];
        snprintf(k, sizeof(k), "%s/%d", S(salt), i);
        out[i] = al[hstr(s, k) % nal];
    }
    out[n] = '\0';
}

/* YYYYMM of the image build ("...-202608.20.0" -> 202608), 0 if none */
static int image_ym(const char *v)
{
    if (!v)
        return 0;
    for (const char *p = v; *p; p++) {
        int n = 0;
        while (p[n] >= '0' && p[n] <= '9')
            n++;
        if (n == 6 && p[n] == '.' && (p == v || p[-1] == '-'))
            return (int)strtol(p, NULL, 10);
        if (n)
            p += n - 1;
    }
    return 0;
}

static int k8s_minor(const char *v)
{
    if (!v)
        return 0;
    if (*v == 'v')
        v++;
    const char *dot = strchr(v, '.');
    return dot ? (int)strtol(dot + 1, NULL, 10) : 0;
}

static const char *k8s_plain(const char *v)
{
    return v && *v == 'v' ? v + 1 : S(v);
}

/* ------------------------------------------------------------------ timeline */

struct boot {
    int64_t start; /* kernel start */
    bool first;    /* the disk's provisioning boot */
    bool redeploy;
    int64_t kernel, init_local, networkd, init, guest, containerd, config, final, finished;
    int64_t kubelet; /* kubelet start on this boot, -1 when it does not start */
    uint64_t seed;
};

struct tl {
    const struct ak_nodefacts *f;
    int64_t base, prov, cse_start;
    bool ok;
    int minor, point;
    const char *ci_ver, *ctr_ver;
    const struct ak_nodeevent **ev;
    size_t nev;
    struct boot *boots;
    size_t nboots;
};

static int ev_cmp(const void *a, const void *b)
{
    const struct ak_nodeevent *x = *(const struct ak_nodeevent *const *)a;
    const struct ak_nodeevent *y = *(const struct ak_nodeevent *const *)b;
    if (x->time_ms != y->time_ms)
        return x->time_ms < y->time_ms ? -1 : 1;
    return x < y ? -1 : x > y; /* same array: address order = given order */
}

static void boot_later(struct boot *b, int64_t start)
{
    b->start = start;
    b->kernel = start + 1100;
    b->init_local = start + 6100;
    b->networkd = start + 7000;
    b->init = start + 8900;
    b->containerd = start + 9500;
    b->guest = start + 11000;
    b->config = start + 12000;
    b->final = start + 12800;
    b->finished = start + 13200;
}

static void tl_build(struct tl *t, const struct ak_nodefacts *f)
{
    memset(t, 0, sizeof(*t));
    t->f = f;
    t->ok = f->cse_exit_code == 0;
    t->minor = k8s_minor(f->k8s_version);
    int ym = image_ym(f->node_image_version);
    t->point = ym == 0 || ym >= 202504 ? 5 : ym >= 202405 ? 4 : 3;
    t->ci_ver = f->cloud_init_version ? f->cloud_init_version
                : ym >= 202608             ? "26.1-0ubuntu1~22.04.1"
                : ym >= 202510             ? "25.2-0ubuntu1~22.04.1"
                : ym >= 202504             ? "24.4.1-0ubuntu0~22.04.2"
                                           : "24.1.3-0ubuntu1~22.04.1";
    t->ctr_ver = f->containerd_version ? f->containerd_version
                 : ym >= 202608            ? "1.7.34"
                 : ym >= 202504            ? "1.7.27"
                                           : "1.7.23";

    /* the current disk begins at creation or at the last reimage */
    t->base = f->created_ms;
    for (size_t i = 0; i < f->nevents; i++)
        if (f->events[i].kind == AK_NODEEV_REIMAGE && f->events[i].time_ms > t->base)
            t->base = f->events[i].time_ms;
    t->prov = f->provisioned_ms > t->base ? f->provisioned_ms : t->base + 150000;

    t->ev = ak_xcalloc(f->nevents ? f->nevents : 1, sizeof(*t->ev));
    for (size_t i = 0; i < f->nevents; i++)
        if (f->events[i].time_ms >= t->base && f->events[i].kind != AK_NODEEV_REIMAGE)
            t->ev[t->nev++] = &f->events[i];
    qsort(t->ev, t->nev, sizeof(*t->ev), ev_cmp);
    if (t->nev > AK_NODEFILES_MAX_EVENTS) { /* keep the newest */
        memmove(t->ev, t->ev + (t->nev - AK_NODEFILES_MAX_EVENTS),
                AK_NODEFILES_MAX_EVENTS * sizeof(*t->ev));
        t->nev = AK_NODEFILES_MAX_EVENTS;
    }

    size_t nb = 1;
    for (size_t i = 0; i < t->nev; i++)
        nb += t->ev[i]->kind == AK_NODEEV_REBOOT || t->ev[i]->kind == AK_NODEEV_REDEPLOY;
    t->boots = ak_xcalloc(nb, sizeof(*t->boots));

    /* first boot: milestones at nominal offsets, squeezed when provisioning was quicker */
    int64_t total = t->prov - t->base;
    double sc = total >= 150000 ? 1.0 : (double)total / 150000.0;
#define OFF(ms) (t->base + (int64_t)((ms) * sc))
    struct boot *b = &t->boots[0];
    b->first = true;
    b->start = t->base;
    b->kernel = OFF(1200);
    b->init_local = OFF(8210);
    b->networkd = OFF(9870);
    b->init = OFF(12530);
    b->containerd = OFF(14100);
    b->guest = OFF(17120);
    b->config = OFF(20140);
    b->final = OFF(21400);
    b->finished = OFF(22050);
    t->cse_start = OFF(82000);
    b->kubelet = t->ok ? t->prov - (int64_t)(2000 * sc) : -1;
#undef OFF
    b->seed = hstr(f->hostname, "boot0");
    t->nboots = 1;
    for (size_t i = 0; i < t->nev; i++) {
        const struct ak_nodeevent *e = t->ev[i];
        if (e->kind != AK_NODEEV_REBOOT && e->kind != AK_NODEEV_REDEPLOY)
            continue;
        b = &t->boots[t->nboots];
        boot_later(b, e->time_ms + 4000);
        b->redeploy = e->kind == AK_NODEEV_REDEPLOY;
        b->kubelet = t->ok ? b->start + 14000 : -1;
        char salt[32];
        snprintf(salt, sizeof(salt), "boot%zu", t->nboots);
        b->seed = hstr(f->hostname, salt);
        t->nboots++;
    }
}

static void tl_release(struct tl *t)
{
    free(t->ev);
    free(t->boots);
}

static int pid_of(const struct boot *b, int base, int span, int shift)
{
    return base + (int)((b->seed >> shift) % (uint64_t)span);
}
#define PID_CLOUDINIT(b) pid_of((b), 480, 120, 0)
#define PID_LOGIND(b) pid_of((b), 610, 60, 8)
#define PID_RSYSLOG(b) pid_of((b), 680, 60, 16)
#define PID_CONTAINERD(b) pid_of((b), 900, 300, 24)
#define PID_KUBELET(b) pid_of((b), 3000, 900, 32)

/* ------------------------------------------------------------------ /etc */

static void r_os_release(struct w *w, const struct tl *t)
{
    wp(w,
       "PRETTY_NAME=\"Ubuntu 22.04.%d LTS\"\n"
       "NAME=\"Ubuntu\"\n"
       "VERSION_ID=\"22.04\"\n"
       "VERSION=\"22.04.%d LTS (Jammy Jellyfish)\"\n"
       "VERSION_CODENAME=jammy\n"
       "ID=ubuntu\n"
       "ID_LIKE=debian\n"
       "HOME_URL=\"https://www.ubuntu.com/\"\n"
       "SUPPORT_URL=\"https://help.ubuntu.com/\"\n"
       "BUG_REPORT_URL=\"https://bugs.launchpad.net/ubuntu/\"\n"
       "PRIVACY_POLICY_URL=\"https://www.ubuntu.com/legal/terms-and-policies/privacy-policy\"\n"
       "UBUNTU_CODENAME=jammy\n",
       t->point, t->point);
}

static void r_lsb_release(struct w *w, const struct tl *t)
{
    wp(w,
       "DISTRIB_ID=Ubuntu\nDISTRIB_RELEASE=22.04\nDISTRIB_CODENAME=jammy\n"
       "DISTRIB_DESCRIPTION=\"Ubuntu 22.04.%d LTS\"\n",
       t->point);
}

static void r_hosts(struct w *w)
{
    ws(w, "127.0.0.1 localhost\n\n"
          "# The following lines are desirable for IPv6 capable hosts\n"
          "::1 ip6-localhost ip6-loopback\n"
          "fe00::0 ip6-localnet\n"
          "ff00::0 ip6-mcastprefix\n"
          "ff02::1 ip6-allnodes\n"
          "ff02::2 ip6-allrouters\n"
          "ff02::3 ip6-allhosts\n");
}

/* Azure's per-vnet DNS suffix: 26 [a-z0-9] characters + ".bx.internal.cloudapp.net" */
static void dns_suffix(const struct ak_nodefacts *f, char out[64])
{
    hchars(f->node_rg, "dns", "abcdefghijklmnopqrstuvwxyz0123456789", 26, out);
    snprintf(out + 26, 64 - 26, ".bx.internal.cloudapp.net");
}

static void r_resolv(struct w *w, const struct tl *t)
{
    char dom[64];
    dns_suffix(t->f, dom);
    wp(w,
       "# This is /run/systemd/resolve/stub-resolv.conf managed by man:systemd-resolved(8).\n"
       "# Do not edit.\n"
       "\n"
       "nameserver 127.0.0.53\n"
       "options edns0 trust-ad\n"
       "search %s\n",
       dom);
}

static void r_machine_id(struct w *w, const struct tl *t)
{
    wp(w, "%016llx%016llx\n", (unsigned long long)hstr(t->f->hostname, "machine-id-1"),
       (unsigned long long)hstr(t->f->hostname, "machine-id-2"));
}

static void net_suffix(const struct ak_nodefacts *f, char out[9])
{
    if (f->net_suffix8 && strlen(f->net_suffix8) == 8) {
        memcpy(out, f->net_suffix8, 9);
        return;
    }
    snprintf(out, 9, "%08llu", (unsigned long long)(hstr(f->node_rg, "net") % 100000000ull));
}

static void r_default_kubelet(struct w *w, const struct tl *t)
{
    const struct ak_nodefacts *f = t->f;
    int max_pods = f->max_pods > 0 ? f->max_pods : 110;
    int64_t cpu = f->kube_reserved_cpu_milli > 0 ? f->kube_reserved_cpu_milli
                                                 : ak_kube_reserved_cpu_milli(f->vcpus);
    int64_t mem = f->kube_reserved_memory_mi > 0
                      ? f->kube_reserved_memory_mi
                      : ak_kube_reserved_memory_mi((double)f->memory_mib / 1024.0, max_pods,
                                                   t->minor);
    int64_t ev = f->eviction_hard_memory_mi > 0 ? f->eviction_hard_memory_mi
                 : t->minor >= 29               ? 100
                                                : 750;
    wp(w,
       "KUBELET_FLAGS=--address=0.0.0.0 --anonymous-auth=false "
       "--authentication-token-webhook=true --authorization-mode=Webhook "
       "--cgroups-per-qos=true --client-ca-file=/etc/kubernetes/certs/ca.crt "
       "--cluster-dns=%s --cluster-domain=cluster.local --enforce-node-allocatable=pods "
       "--event-qps=0 --eviction-hard=memory.available<%lldMi,nodefs.available<10%%,"
       "nodefs.inodesFree<5%% --feature-gates=RotateKubeletServerCertificate=true "
       "--image-gc-high-threshold=85 --image-gc-low-threshold=80 "
       "--kube-reserved=cpu=%lldm,memory=%lldMi --max-pods=%d "
       "--node-status-update-frequency=10s --pod-manifest-path=/etc/kubernetes/manifests "
       "--pod-max-pids=-1 --protect-kernel-defaults=true --read-only-port=10255",
       f->cluster_dns ? f->cluster_dns : "10.0.0.10", (long long)ev, (long long)cpu,
       (long long)mem, max_pods);
    if (f->ntaints) {
        ws(w, " --register-with-taints=");
        for (size_t i = 0; i < f->ntaints; i++)
            wp(w, "%s%s", i ? "," : "", S(f->taints[i]));
    }
    ws(w, " --resolv-conf=/etc/resolv.conf --rotate-certificates=true "
          "--rotate-server-certificates=true "
          "--tls-cert-file=/etc/kubernetes/certs/kubeletserver.crt "
          "--tls-private-key-file=/etc/kubernetes/certs/kubeletserver.key");
    if (t->minor >= 29 && f->node_ip) /* CSE appends the IMDS primary IP */
        wp(w, " --node-ip=%s", f->node_ip);
    wp(w, "\nKUBELET_REGISTER_SCHEDULABLE=true\nNETWORK_POLICY=%s\nKUBELET_IMAGE=\n"
          "KUBELET_NODE_LABELS=",
       S(f->network_policy));
    for (size_t i = 0; i < f->nlabels; i++)
        wp(w, "%s%s", i ? "," : "", S(f->labels[i]));
    ws(w, "\n");
}

static void r_azure_json(struct w *w, const struct tl *t)
{
    const struct ak_nodefacts *f = t->f;
    char sfx[9];
    net_suffix(f, sfx);
    ws(w, "{\n    \"cloud\": \"AzurePublicCloud\",\n    \"tenantId\": ");
    wjson(w, f->tenant_id ? f->tenant_id : "00000000-0000-0000-0000-000000000000");
    ws(w, ",\n    \"subscriptionId\": ");
    wjson(w, S(f->subscription_id));
    ws(w, ",\n    \"aadClientId\": \"msi\",\n    \"aadClientSecret\": \"msi\",\n"
          "    \"resourceGroup\": ");
    wjson(w, S(f->node_rg));
    ws(w, ",\n    \"location\": ");
    wjson(w, S(f->location));
    wp(w,
       ",\n    \"vmType\": \"vmss\",\n"
       "    \"subnetName\": \"aks-subnet\",\n"
       "    \"securityGroupName\": \"aks-agentpool-%s-nsg\",\n"
       "    \"vnetName\": \"aks-vnet-%s\",\n"
       "    \"vnetResourceGroup\": \"\",\n"
       "    \"routeTableName\": \"aks-agentpool-%s-routetable\",\n"
       "    \"primaryAvailabilitySetName\": \"\",\n"
       "    \"primaryScaleSetName\": ",
       sfx, sfx, sfx);
    wjson(w, S(f->vmss_name));
    ws(w, ",\n"
          "    \"cloudProviderBackoffMode\": \"v2\",\n"
          "    \"cloudProviderBackoff\": true,\n"
          "    \"cloudProviderBackoffRetries\": 6,\n"
          "    \"cloudProviderBackoffDuration\": 5,\n"
          "    \"cloudProviderRateLimit\": true,\n"
          "    \"cloudProviderRateLimitQPS\": 10,\n"
          "    \"cloudProviderRateLimitBucket\": 100,\n"
          "    \"cloudProviderRateLimitQPSWrite\": 10,\n"
          "    \"cloudProviderRateLimitBucketWrite\": 100,\n"
          "    \"useManagedIdentityExtension\": true,\n"
          "    \"userAssignedIdentityID\": ");
    wjson(w, S(f->kubelet_client_id));
    ws(w, ",\n"
          "    \"useInstanceMetadata\": true,\n"
          "    \"loadBalancerSku\": \"Standard\",\n"
          "    \"disableOutboundSNAT\": false,\n"
          "    \"excludeMasterFromStandardLB\": true,\n"
          "    \"providerVaultName\": \"\",\n"
          "    \"maximumLoadBalancerRuleCount\": 250,\n"
          "    \"providerKeyName\": \"k8s\",\n"
          "    \"providerKeyVersion\": \"\"\n}\n");
}

static void r_kubeconfig(struct w *w, const struct tl *t, bool bootstrap)
{
    const struct ak_nodefacts *f = t->f;
    wp(w,
       "apiVersion: v1\nkind: Config\nclusters:\n- name: localcluster\n  cluster:\n"
       "    certificate-authority: /etc/kubernetes/certs/ca.crt\n"
       "    server: https://%s:443\nusers:\n",
       S(f->api_server_fqdn));
    if (bootstrap) {
        char tok[24];
        if (f->bootstrap_token) {
            snprintf(tok, sizeof(tok), "%s", f->bootstrap_token);
        } else {
            hchars(f->cluster, "token", "abcdefghijklmnopqrstuvwxyz0123456789", 22, tok);
            memmove(tok + 7, tok + 6, 17); /* "<6>.<16>" */
            tok[6] = '.';
        }
        wp(w,
           "- name: kubelet-bootstrap\n  user:\n    token: \"%s\"\ncontexts:\n- context:\n"
           "    cluster: localcluster\n    user: kubelet-bootstrap\n  name: bootstrap-context\n"
           "current-context: bootstrap-context\n",
           tok);
    } else {
        ws(w, "- name: client\n  user:\n"
              "    client-certificate: /etc/kubernetes/certs/client.crt\n"
              "    client-key: /etc/kubernetes/certs/client.key\n"
              "contexts:\n- context:\n    cluster: localcluster\n    user: client\n"
              "  name: localclustercontext\ncurrent-context: localclustercontext\n");
    }
}

/* ------------------------------------------------------------------ cloud-init */

static double up_s(const struct boot *b, int64_t t)
{
    return (double)(t - b->start) / 1000.0;
}

/* prettytable-style box ("ci-info: " prefix), cells centred */
static void ci_table(struct w *w, const char *title, int ncol, const char *const *hdr,
                     const char *const *cells, int nrow)
{
    int wid[8], total = 1;
    for (int c = 0; c < ncol; c++) {
        int m = (int)strlen(hdr[c]);
        for (int r = 0; r < nrow; r++) {
            int l = (int)strlen(cells[r * ncol + c]);
            if (l > m)
                m = l;
        }
        wid[c] = m + 2;
        total += wid[c] + 1;
    }
    int tl = (int)strlen(title), lp = (total - tl) / 2, rp = total - tl - lp;
    ws(w, "ci-info: ");
    for (int i = 0; i < lp; i++)
        ws(w, "+");
    ws(w, title);
    for (int i = 0; i < rp; i++)
        ws(w, "+");
    ws(w, "\n");
    for (int r = -1; r <= nrow; r++) {
        if (r <= 0 || r == nrow) { /* border above the header, below it, and at the end */
            ws(w, "ci-info: +");
            for (int c = 0; c < ncol; c++) {
                for (int i = 0; i < wid[c]; i++)
                    ws(w, "-");
                ws(w, "+");
            }
            ws(w, "\n");
        }
        if (r == nrow)
            break;
        ws(w, "ci-info: |");
        for (int c = 0; c < ncol; c++) {
            const char *s = r < 0 ? hdr[c] : cells[r * ncol + c];
            int l = (int)strlen(s), pl = (wid[c] - l) / 2;
            wp(w, "%*s%s%*s|", pl, "", s, wid[c] - l - pl, "");
        }
        ws(w, "\n");
    }
}

static void ip_parts(const char *ip, unsigned o[4])
{
    o[0] = 10, o[1] = 224, o[2] = 0, o[3] = 4;
    if (ip)
        sscanf(ip, "%u.%u.%u.%u", &o[0], &o[1], &o[2], &o[3]);
}

static void ci_net_tables(struct w *w, const struct tl *t)
{
    unsigned o[4];
    ip_parts(t->f->node_ip, o);
    uint64_t h = hstr(t->f->hostname, "mac");
    char ip[32], mac[32], gw[32], net[32];
    snprintf(ip, sizeof(ip), "%u.%u.%u.%u", o[0], o[1], o[2], o[3]);
    snprintf(mac, sizeof(mac), "60:45:bd:%02x:%02x:%02x", (unsigned)(h & 0xff),
             (unsigned)((h >> 8) & 0xff), (unsigned)((h >> 16) & 0xff));
    snprintf(gw, sizeof(gw), "%u.%u.0.1", o[0], o[1]);
    snprintf(net, sizeof(net), "%u.%u.0.0", o[0], o[1]);
    const char *nh[] = {"Device", "Up", "Address", "Mask", "Scope", "Hw-Address"};
    const char *nc[] = {"eth0", "True", ip,   "255.255.0.0", "global", mac,
                        "lo",   "True", "127.0.0.1", "255.0.0.0", "host", ".",
                        "lo",   "True", "::1/128",   ".",         "host", "."};
    ci_table(w, "Net device info", 6, nh, nc, 3);
    const char *rh[] = {"Route", "Destination", "Gateway", "Genmask", "Interface", "Flags"};
    const char *rc[] = {"0", "0.0.0.0",         gw,        "0.0.0.0",         "eth0", "UG",
                        "1", net,               "0.0.0.0", "255.255.0.0",     "eth0", "U",
                        "2", "168.63.129.16",   gw,        "255.255.255.255", "eth0", "UGH",
                        "3", "169.254.169.254", gw,        "255.255.255.255", "eth0", "UGH"};
    ci_table(w, "Route IPv4 info", 6, rh, rc, 4);
}

static void ci_fingerprints(struct w *w, const struct tl *t, const struct boot *b)
{
    static const char b64[] =
        "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";
    static const char *const kind[] = {"ECDSA", "ED25519", "RSA"};
    static const int bits[] = {256, 256, 3072};
    char ts[64], pre[96];
    snprintf(pre, sizeof(pre), "<14>%s cloud-init: ", tfmt(ts, b->final, T_SYSLOG));
    wp(w, "%s#############################################################\n", pre);
    wp(w, "%s-----BEGIN SSH HOST KEY FINGERPRINTS-----\n", pre);
    for (int k = 0; k < 3; k++) {
        char fp[44];
        hchars(t->f->hostname, kind[k], b64, 43, fp);
        wp(w, "%s%d SHA256:%s root@%s (%s)\n", pre, bits[k], fp, S(t->f->hostname), kind[k]);
    }
    wp(w, "%s-----END SSH HOST KEY FINGERPRINTS-----\n", pre);
    wp(w, "%s#############################################################\n", pre);
}

static const char *const k_wf_module =
    "Running module write_files (<module 'cloudinit.config.cc_write_files' from "
    "'/usr/lib/python3/dist-packages/cloudinit/config/cc_write_files.py'>) failed";

static void r_cloud_init_output(struct w *w, const struct tl *t)
{
    char ts[64];
    for (size_t i = 0; i < t->nboots; i++) {
        const struct boot *b = &t->boots[i];
        bool ci_fail = b->first && t->f->cse_exit_code == 223;
        wp(w, "Cloud-init v. %s running 'init-local' at %s. Up %.2f seconds.\n", t->ci_ver,
           tfmt(ts, b->init_local, T_RFC2822), up_s(b, b->init_local));
        wp(w, "Cloud-init v. %s running 'init' at %s. Up %.2f seconds.\n", t->ci_ver,
           tfmt(ts, b->init, T_RFC2822), up_s(b, b->init));
        ci_net_tables(w, t);
        if (b->first) {
            ws(w, "Generating public/private rsa key pair.\n"
                  "Generating public/private ecdsa key pair.\n"
                  "Generating public/private ed25519 key pair.\n");
        }
        wp(w, "Cloud-init v. %s running 'modules:config' at %s. Up %.2f seconds.\n",
           t->ci_ver, tfmt(ts, b->config, T_RFC2822), up_s(b, b->config));
        if (ci_fail)
            wp(w, "%s - util.py[WARNING]: %s\n", tfmt(ts, b->config + 310, T_CILOG),
               k_wf_module);
        wp(w, "Cloud-init v. %s running 'modules:final' at %s. Up %.2f seconds.\n", t->ci_ver,
           tfmt(ts, b->final, T_RFC2822), up_s(b, b->final));
        if (b->first)
            ci_fingerprints(w, t, b);
        wp(w,
           "Cloud-init v. %s finished at %s. Datasource DataSourceAzure [seed=/dev/sr0].  "
           "Up %.2f seconds\n",
           t->ci_ver, tfmt(ts, b->finished, T_RFC2822), up_s(b, b->finished));
    }
}

static void r_cloud_init_log(struct w *w, const struct tl *t)
{
    char ts[64], d[64];
    for (size_t i = 0; i < t->nboots; i++) {
        const struct boot *b = &t->boots[i];
        bool ci_fail = b->first && t->f->cse_exit_code == 223;
        const char *cache = b->first ? "check" : "trust";
        wp(w, "%s - util.py[DEBUG]: Cloud-init v. %s running 'init-local' at %s. Up %.2f "
              "seconds.\n",
           tfmt(ts, b->init_local, T_CILOG), t->ci_ver, tfmt(d, b->init_local, T_RFC2822),
           up_s(b, b->init_local));
        wp(w, "%s - handlers.py[DEBUG]: start: init-local/check-cache: attempting to read "
              "from cache [%s]\n",
           tfmt(ts, b->init_local + 12, T_CILOG), cache);
        if (b->first)
            wp(w, "%s - handlers.py[DEBUG]: finish: init-local: SUCCESS: searching for local "
                  "datasources\n",
               tfmt(ts, b->init_local + 1480, T_CILOG));
        else
            wp(w, "%s - handlers.py[DEBUG]: finish: init-local: SUCCESS: restored from cache "
                  "with run check: DataSourceAzure [seed=/dev/sr0]\n",
               tfmt(ts, b->init_local + 40, T_CILOG));
        wp(w, "%s - util.py[DEBUG]: Cloud-init v. %s running 'init' at %s. Up %.2f seconds.\n",
           tfmt(ts, b->init, T_CILOG), t->ci_ver, tfmt(d, b->init, T_RFC2822),
           up_s(b, b->init));
        wp(w, "%s - handlers.py[DEBUG]: finish: init-network: SUCCESS: searching for network "
              "datasources\n",
           tfmt(ts, b->init + 900, T_CILOG));
        wp(w, "%s - util.py[DEBUG]: Cloud-init v. %s running 'modules:config' at %s. Up %.2f "
              "seconds.\n",
           tfmt(ts, b->config, T_CILOG), t->ci_ver, tfmt(d, b->config, T_RFC2822),
           up_s(b, b->config));
        if (ci_fail)
            wp(w, "%s - util.py[WARNING]: %s\n", tfmt(ts, b->config + 310, T_CILOG),
               k_wf_module);
        wp(w, "%s - handlers.py[DEBUG]: finish: modules-config: %s: running modules for "
              "config\n",
           tfmt(ts, b->config + 600, T_CILOG), ci_fail ? "FAIL" : "SUCCESS");
        wp(w, "%s - util.py[DEBUG]: Cloud-init v. %s running 'modules:final' at %s. Up %.2f "
              "seconds.\n",
           tfmt(ts, b->final, T_CILOG), t->ci_ver, tfmt(d, b->final, T_RFC2822),
           up_s(b, b->final));
        wp(w, "%s - handlers.py[DEBUG]: finish: modules-final: SUCCESS: running modules for "
              "final\n",
           tfmt(ts, b->finished - 20, T_CILOG));
        wp(w, "%s - util.py[DEBUG]: Cloud-init v. %s finished at %s. Datasource "
              "DataSourceAzure [seed=/dev/sr0].  Up %.2f seconds\n",
           tfmt(ts, b->finished, T_CILOG), t->ci_ver, tfmt(d, b->finished, T_RFC2822),
           up_s(b, b->finished));
    }
}

/* ------------------------------------------------------------------ CSE logs */

enum cse_stop {
    STOP_NONE,      /* success */
    STOP_CLOUDINIT, /* 223: cse_cmd.sh gives up before provision.sh */
    STOP_OUTBOUND,  /* 50 */
    STOP_CONTAINERD,
    STOP_K8S,
    STOP_CNI,
    STOP_APISERVER, /* 51, 52, 53 */
    STOP_KUBELET,
};

static enum cse_stop cse_stop_of(int code)
{
    switch (code) {
    case 0: return STOP_NONE;
    case 223: return STOP_CLOUDINIT;
    case 50: return STOP_OUTBOUND;
    case 31: case 121: case 122: case 203: case 204: case 207: return STOP_K8S;
    case 41: case 206: return STOP_CNI;
    case 51: case 52: case 53: return STOP_APISERVER;
    case 34: return STOP_KUBELET;
    default: return STOP_CONTAINERD;
    }
}

static void kubelet_status(struct w *w, const struct tl *t)
{
    const struct ak_nodefacts *f = t->f;
    const struct boot *b = &t->boots[0];
    bool up = t->ok && b->kubelet >= 0;
    wp(w, "%s kubelet.service - Kubelet\n"
          "     Loaded: loaded (/etc/systemd/system/kubelet.service; enabled; vendor preset: "
          "enabled)\n"
          "    Drop-In: /etc/systemd/system/kubelet.service.d\n"
          "             \xe2\x94\x94\xe2\x94\x80" "10-containerd.conf, 10-tlsbootstrap.conf%s\n",
       up ? "\xe2\x97\x8f" : "\xe2\x97\x8b", t->minor >= 32 ? ", 10-watchdog.conf" : "");
    if (!up) {
        ws(w, "     Active: inactive (dead)\n");
        return;
    }
    char ts[64];
    int64_t ago = (t->prov - b->kubelet) / 1000;
    if (ago < 60)
        wp(w, "     Active: active (running) since %s; %llds ago\n",
           tfmt(ts, b->kubelet, T_SYSTEMD), (long long)ago);
    else
        wp(w, "     Active: active (running) since %s; %lldmin %llds ago\n",
           tfmt(ts, b->kubelet, T_SYSTEMD), (long long)(ago / 60), (long long)(ago % 60));
    int pid = PID_KUBELET(b);
    wp(w, "   Main PID: %d (kubelet)\n     CGroup: /system.slice/kubelet.service\n"
          "             \xe2\x94\x94\xe2\x94\x80%d /opt/bin/kubelet --enable-server --node-labels=",
       pid, pid);
    for (size_t i = 0; i < f->nlabels; i++)
        wp(w, "%s%s", i ? "," : "", S(f->labels[i]));
    ws(w, " --v=2 --volume-plugin-dir=/etc/kubernetes/volumeplugins ...\n");
}

static void r_cse_output(struct w *w, const struct tl *t)
{
    const struct ak_nodefacts *f = t->f;
    enum cse_stop stop = cse_stop_of(f->cse_exit_code);
    char ts[64];
    wp(w, "%s,%s\n", tfmt(ts, t->cse_start, T_DATE), S(f->hostname));
    if (stop == STOP_CLOUDINIT) {
        ws(w, "ERROR: cloud-init finished with fatal error (exit code 1)\n"
              "Cloud-init detailed status: \"{ \\\"boot_status_code\\\": "
              "\\\"enabled-by-generator\\\", \\\"status\\\": \\\"error\\\", "
              "\\\"errors\\\": [ \\\"('write_files', ...)\\\" ] }\"\n"
              "Cloud init status check exit code: 223\n"
              "cloud-init failed with exit code 223\n");
        return;
    }
    ws(w, "INFO: cloud-init succeeded\nCloud init status check exit code: 0\n"
          "cloud-init succeeded\n");
    if (stop == STOP_OUTBOUND) {
        for (int i = 0; i < 20; i++)
            ws(w, "*   Trying " MCR_IP ":443...\n");
        ws(w, "Executed \"" OUTBOUND_CMD "\" 20 times; giving up (last exit status: 124).\n");
    } else {
        ws(w, "*   Trying " MCR_IP ":443...\n"
              "* Connected to mcr.microsoft.com (" MCR_IP ") port 443 (#0)\n"
              "> GET /v2/ HTTP/2\n> Host: mcr.microsoft.com\n> user-agent: curl/7.81.0\n"
              "> accept: */*\n>\n< HTTP/2 200\n< content-length: 0\n<\n"
              "* Connection #0 to host mcr.microsoft.com left intact\n"
              "Executed \"" OUTBOUND_CMD "\" 1 times.\n");
    }
    kubelet_status(w, t);
}

/* xtrace of logs_to_events' unquoted `echo ${json_string} > ...` */
static void xtrace_event(struct w *w, const char *task, const char *inner, int64_t t0,
                         int64_t t1)
{
    char a[64], b[64];
    tfmt(a, t0, T_CSEEVENT);
    tfmt(b, t1, T_CSEEVENT);
    a[10] = b[10] = '\0'; /* date and time are separate words */
    wp(w, "+ logs_to_events AKS.CSE.%s %s\n", task, task);
    if (inner)
        ws(w, inner);
    wp(w, "+ echo '{' '\"Timestamp\":' '\"%s' '%s\",' '\"OperationId\":' '\"%s' '%s\",' "
          "'\"Version\":' '\"1.23\",' '\"TaskName\":' '\"AKS.CSE.%s\",' '\"EventLevel\":' "
          "'\"Informational\",' '\"Message\":' '\"Completed:' '%s\",' '\"EventPid\":' "
          "'\"0\",' '\"EventTid\":' '\"0\"' '}'\n",
       a, a + 11, b, b + 11, task, task);
}

static void cse_fail_tail(struct w *w, const struct tl *t, const char *dflt)
{
    const char *d = t->f->fail_detail ? t->f->fail_detail : dflt;
    if (d && *d) {
        ws(w, d);
        if (d[strlen(d) - 1] != '\n')
            ws(w, "\n");
    }
    wp(w, "+ exit %d\n", t->f->cse_exit_code);
}

static void r_cluster_provision(struct w *w, const struct tl *t)
{
    const struct ak_nodefacts *f = t->f;
    int code = f->cse_exit_code;
    enum cse_stop stop = cse_stop_of(code);
    int64_t t0 = t->cse_start, span = t->prov - t->cse_start;
    if (span < 10)
        span = 10;
    char ts[64];
    ws(w, "+ '[' -f /opt/azure/containers/provision.complete ']'\n"
          "+ LOG_DIR=/var/log/azure/aks\n+ mkdir -p /var/log/azure/aks\n"
          "+ ln -s /var/log/azure/cluster-provision.log "
          "/var/log/azure/cluster-provision-cse-output.log /opt/azure/components.json "
          "/opt/azure/manifest.json /opt/azure/cloud-init-files.paved "
          "/opt/azure/vhd-install.complete /var/log/azure/aks/\n"
          "++ lsb_release -r -s\n+ UBUNTU_RELEASE=22.04\n++ date\n++ hostname\n");
    wp(w, "+ echo %s,%s, startcustomscript\n", tfmt(ts, t0, T_DATE), S(f->hostname));
    ws(w, "+ retrycmd_if_failure 20 1 15 " OUTBOUND_CMD "\n");
    if (stop == STOP_OUTBOUND) {
        cse_fail_tail(w, t, NULL);
        return;
    }
    /* tasks spread over the CSE's run time */
    static const char *const tasks[] = {"configureAdminUser", "ensureContainerd",
                                        "configureK8s", "configureCNI"};
    static const enum cse_stop after[] = {STOP_NONE, STOP_CONTAINERD, STOP_K8S, STOP_CNI};
    for (int i = 0; i < 4; i++) {
        int64_t a = t0 + span * (i + 1) / 8, b = t0 + span * (i + 2) / 8 - 1;
        /* configureK8s writes azure.json with xtrace off (and turns it back on unseen) */
        xtrace_event(w, tasks[i], i == 2 ? "+ set +x\n" : NULL, a, b);
        if (code == 124 && i == 2)
            return; /* killed by `timeout`: the log just stops */
        if (stop == after[i] && i > 0) {
            cse_fail_tail(w, t, NULL);
            return;
        }
    }
    const char *fq = S(f->api_server_fqdn);
    if (stop == STOP_APISERVER && code != 51) {
        wp(w, "++ retrycmd_nslookup 1 15 300 %s\n", fq);
        wp(w, "+ RES='Total timeout 300 reached, nslookup -timeout=15 -retry=0 %s failed'\n",
           fq);
        wp(w, "+ time nslookup %s\n", fq);
        wp(w, ";; connection timed out; no servers could be reached\n");
        wp(w, "API server connection check code: %d\n", code);
        cse_fail_tail(w, t, NULL);
        return;
    }
    wp(w, "+ retrycmd_if_failure 34 1 10 curl -v --cacert /etc/kubernetes/certs/ca.crt "
          "https://%s:443\n",
       fq);
    if (stop == STOP_APISERVER) {
        char dflt[512];
        snprintf(dflt, sizeof(dflt),
                 "*   Trying %s:443...\n"
                 "Executed \"curl -v --cacert /etc/kubernetes/certs/ca.crt https://%s:443\" 34 "
                 "times; giving up (last exit status: 28).\n"
                 "API server connection check code: 51",
                 fq, fq);
        cse_fail_tail(w, t, dflt);
        return;
    }
    ws(w, "API server connection check code: 0\n");
    xtrace_event(w, "ensureKubelet", NULL, t0 + span * 6 / 8, t->prov - 1);
    if (stop == STOP_KUBELET) {
        cse_fail_tail(w, t,
                      "Job for kubelet.service failed because the control process exited with "
                      "error code.\nSee \"systemctl status kubelet.service\" and \"journalctl "
                      "-xeu kubelet.service\" for details.");
        return;
    }
    if (stop != STOP_NONE) { /* any other code: after the last task */
        cse_fail_tail(w, t, NULL);
        return;
    }
    ws(w, "++ date\n++ hostname\n");
    wp(w, "+ echo %s,%s, endcustomscript\n", tfmt(ts, t->prov, T_DATE), S(f->hostname));
    ws(w, "+ mkdir -p /opt/azure/containers\n"
          "+ touch /opt/azure/containers/provision.complete\n+ exit 0\n");
}

/* cse_start.sh: `echo $JSON_STRING | tee provision.json` -- unquoted, so jq's layout and any
 * run of blanks collapse to single spaces on one line. */
static void r_provision_json(struct w *w, const struct tl *t, const char *plog, size_t plen)
{
    const struct boot *b = &t->boots[0];
    char k[64], cse[64], ga[64], x[64];
    tfmt(k, b->start, T_SYSTEMD);
    tfmt(cse, t->cse_start, T_DATE);
    tfmt(ga, b->guest, T_SYSTEMD);
    struct w j;
    w_init(&j);
    wp(&j, "{ \"ExitCode\": \"%d\", \"Output\": ", t->f->cse_exit_code);
    size_t off = plen > 3000 ? plen - 3000 : 0; /* tail -c 3000 */
    wjson(&j, plog ? plog + off : "");
    wp(&j, ", \"Error\": \"\", \"ExecDuration\": \"%lld\", \"KernelStartTime\": \"%s\"",
       (long long)((t->prov - t->cse_start) / 1000), k);
    wp(&j, ", \"CloudInitLocalStartTime\": \"%s\"", tfmt(x, b->init_local, T_SYSTEMD));
    wp(&j, ", \"CloudInitStartTime\": \"%s\"", tfmt(x, b->init, T_SYSTEMD));
    wp(&j, ", \"CloudFinalStartTime\": \"%s\"", tfmt(x, b->final, T_SYSTEMD));
    wp(&j, ", \"NetworkdStartTime\": \"%s\"", tfmt(x, b->networkd, T_SYSTEMD));
    wp(&j, ", \"CSEStartTime\": \"%s\", \"GuestAgentStartTime\": \"%s\"", cse, ga);
    double kern = (double)(b->kernel - b->start) / 1000.0;
    double user = (double)(b->finished - b->kernel) / 1000.0;
    double graph = (double)(b->final - b->kernel) / 1000.0;
    wp(&j,
       ", \"SystemdSummary\": \"Startup finished in %.1fs (kernel) + %.1fs (userspace) = "
       "%.1fs graphical.target reached after %.1fs in userspace\"",
       kern, user, kern + user, graph);
    wp(&j,
       ", \"BootDatapoints\": { \"KernelStartTime\": \"%s\", \"CSEStartTime\": \"%s\", "
       "\"GuestAgentStartTime\": \"%s\", \"KubeletStartTime\": \"%s\" } }\n",
       k, cse, ga, b->kubelet >= 0 ? tfmt(x, b->kubelet, T_SYSTEMD) : "");
    if (j.rc) {
        w->rc = j.rc;
        ak_buf_release(&j.b);
        return;
    }
    const char *s = ak_buf_cstr(&j.b);
    size_t start = w->b.len;
    ws(w, s);
    if (!w->rc) { /* collapse blank runs in place */
        char *d = w->b.data + start, *p = d;
        for (const char *q = d; *q; q++) {
            if (*q == ' ' && p > d && p[-1] == ' ')
                continue;
            *p++ = *q;
        }
        *p = '\0';
        w->b.len = (size_t)(p - w->b.data);
    }
    ak_buf_release(&j.b);
}

/* ------------------------------------------------------------------ syslog and journals */

enum { D_SYS = 1, D_KUB = 2, D_CTR = 4 };

struct line {
    int64_t t;
    size_t seq;
    unsigned dest;
    char *prog; /* "kubelet[3512]" or "kernel" */
    char *msg;
};

struct gen {
    const struct tl *t;
    struct line *v;
    size_t n, cap;
    int rc;
};

__attribute__((format(printf, 6, 7))) static void add(struct gen *g, int64_t t, unsigned dest,
                                                      const char *prog, int pid,
                                                      const char *fmt, ...)
{
    AK_GROW(g->v, g->n + 1, g->cap);
    struct line *l = &g->v[g->n];
    l->t = t;
    l->seq = g->n++;
    l->dest = dest;
    l->prog = pid >= 0 ? ak_xasprintf("%s[%d]", prog, pid) : ak_xstrdup(prog);
    va_list ap;
    va_start(ap, fmt);
    char *m = NULL;
    if (vasprintf(&m, fmt, ap) < 0)
        ak_fatal("out of memory formatting a log line");
    va_end(ap);
    l->msg = m;
}

__attribute__((format(printf, 7, 8))) static void klog(struct gen *g, int64_t t, int pid,
                                                       char lvl, const char *file, int lineno,
                                                       const char *fmt, ...)
{
    struct tm tm;
    tm_of(t, &tm);
    char m[1024];
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(m, sizeof(m), fmt, ap);
    va_end(ap);
    unsigned us = (unsigned)((t < 0 ? 0 : t) % 1000) * 1000u + (unsigned)(g->n * 7919u % 1000u);
    add(g, t, D_SYS | D_KUB, "kubelet", pid, "%c%02d%02d %02d:%02d:%02d.%06u %7d %s:%d] %s",
        lvl, tm.tm_mon + 1, tm.tm_mday, tm.tm_hour, tm.tm_min, tm.tm_sec, us, pid, file,
        lineno, m);
}

__attribute__((format(printf, 4, 5))) static void ctrd(struct gen *g, int64_t t, int pid,
                                                       const char *fmt, ...)
{
    char m[1024], ts[64];
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(m, sizeof(m), fmt, ap);
    va_end(ap);
    add(g, t, D_SYS | D_CTR, "containerd", pid, "time=\"%s\" level=info %s",
        t_rfc3339nano(ts, t, (unsigned)((hstr(m, "ns") ^ (uint64_t)t) % 1000000u)), m);
}

/* "[ 1234.567890]" uptime of the kernel in this boot */
static void kern(struct gen *g, const struct boot *b, int64_t log_t, int64_t at, const char *msg)
{
    int64_t up = at - b->start;
    if (up < 0)
        up = 0;
    unsigned frac = up ? (unsigned)(up % 1000) * 1000u + (unsigned)(hstr(msg, "k") % 1000u) : 0;
    add(g, log_t, D_SYS, "kernel", -1, "[%5lld.%06u] %s", (long long)(up / 1000), frac, msg);
}

struct kstate {
    bool running;
    int pid;
    int restarts;
};

static void kubelet_up(struct gen *g, const struct boot *b, int64_t t, struct kstate *k,
                       bool registered_before)
{
    const struct ak_nodefacts *f = g->t->f;
    k->pid = PID_KUBELET(b) + 97 * k->restarts;
    k->running = true;
    add(g, t, D_SYS | D_KUB, "systemd", 1, "Started Kubelet.");
    klog(g, t + 160, k->pid, 'I', "server.go", 487, "\"Kubelet version\" kubeletVersion=\"v%s\"",
         k8s_plain(f->k8s_version));
    klog(g, t + 161, k->pid, 'I', "server.go", 489,
         "\"Golang settings\" GOGC=\"\" GOMAXPROCS=\"\" GOTRACEBACK=\"\"");
    klog(g, t + 900, k->pid, 'I', "kubelet_node_status.go", 75,
         "\"Attempting to register node\" node=\"%s\"", S(f->hostname));
    if (registered_before)
        klog(g, t + 1100, k->pid, 'I', "kubelet_node_status.go", 111,
             "\"Node was previously registered\" node=\"%s\"", S(f->hostname));
    klog(g, t + 1300, k->pid, 'I', "kubelet_node_status.go", 78,
         "\"Successfully registered node\" node=\"%s\"", S(f->hostname));
}

static void kubelet_down(struct gen *g, int64_t t, struct kstate *k)
{
    if (!k->running)
        return;
    add(g, t, D_SYS | D_KUB, "systemd", 1, "Stopping Kubelet...");
    add(g, t + 300, D_SYS | D_KUB, "systemd", 1, "kubelet.service: Deactivated successfully.");
    add(g, t + 301, D_SYS | D_KUB, "systemd", 1, "Stopped Kubelet.");
    k->running = false;
    k->restarts++;
}

static void gen_boot(struct gen *g, const struct boot *b, struct kstate *k, bool registered)
{
    const struct tl *t = g->t;
    const struct ak_nodefacts *f = t->f;
    char m[512];
    int64_t k0 = b->kernel; /* rsyslog reads the ring buffer once it runs */
    snprintf(m, sizeof(m), "Linux version %s (buildd@ubuntu) #1-Ubuntu SMP",
             S(f->kernel_version));
    kern(g, b, k0, b->start, m);
    kern(g, b, k0, b->start, "Hypervisor detected: Microsoft Hyper-V");
    kern(g, b, k0, b->start + 900,
         "EXT4-fs (sda1): mounted filesystem with ordered data mode. Opts: (null). Quota "
         "mode: none.");
    add(g, k0 + 10, D_SYS, "systemd", 1, "Detected virtualization microsoft.");
    add(g, k0 + 11, D_SYS, "systemd", 1, "Hostname set to <%s>.", S(f->hostname));
    int rs = PID_RSYSLOG(b);
    add(g, k0 + 400, D_SYS, "rsyslogd", rs,
        "[origin software=\"rsyslogd\" swVersion=\"8.2112.0\" x-pid=\"%d\" "
        "x-info=\"https://www.rsyslog.com\"] start",
        rs);
    int ci = PID_CLOUDINIT(b);
    char d[64];
    static const char *const stage[] = {"init-local", "init", "modules:config", "modules:final"};
    const int64_t at[] = {b->init_local, b->init, b->config, b->final};
    static const char *const unit[] = {
        "Initial cloud-init job (pre-networking)",
        "Initial cloud-init job (metadata service crawler)",
        "Apply the settings specified in cloud-config", "Execute cloud user/final scripts"};
    const int64_t done[] = {b->networkd - 200, b->config - 150, b->final - 100, b->finished + 40};
    for (int i = 0; i < 4; i++) {
        add(g, at[i], D_SYS, "cloud-init", ci + i * 31,
            "Cloud-init v. %s running '%s' at %s. Up %.2f seconds.", t->ci_ver, stage[i],
            tfmt(d, at[i], T_RFC2822), up_s(b, at[i]));
        if (i == 3)
            add(g, b->finished, D_SYS, "cloud-init", ci + i * 31,
                "Cloud-init v. %s finished at %s. Datasource DataSourceAzure [seed=/dev/sr0].  "
                "Up %.2f seconds",
                t->ci_ver, tfmt(d, b->finished, T_RFC2822), up_s(b, b->finished));
        add(g, done[i], D_SYS, "systemd", 1, "Finished %s.", unit[i]);
    }
    add(g, b->networkd, D_SYS, "systemd", 1, "Started Network Configuration.");
    add(g, b->guest, D_SYS, "systemd", 1, "Started Azure Linux Agent.");
    int cp = PID_CONTAINERD(b);
    add(g, b->containerd, D_SYS | D_CTR, "systemd", 1, "Starting containerd container runtime...");
    ctrd(g, b->containerd + 30, cp, "msg=\"starting containerd\" revision= version=%s",
         t->ctr_ver);
    ctrd(g, b->containerd + 70, cp, "msg=serving... address=/run/containerd/containerd.sock.ttrpc");
    ctrd(g, b->containerd + 71, cp, "msg=serving... address=/run/containerd/containerd.sock");
    ctrd(g, b->containerd + 72, cp, "msg=\"containerd successfully booted in 0.%06us\"",
         (unsigned)(40000 + b->seed % 30000));
    add(g, b->containerd + 73, D_SYS | D_CTR, "systemd", 1,
        "Started containerd container runtime.");
    k->running = false;
    if (b->kubelet >= 0)
        kubelet_up(g, b, b->kubelet, k, registered);
}

static void gen_shutdown(struct gen *g, const struct boot *b, int64_t t, bool redeploy,
                         struct kstate *k)
{
    int lg = PID_LOGIND(b);
    if (redeploy) {
        add(g, t, D_SYS, "systemd-logind", lg, "Power key pressed.");
        add(g, t + 1, D_SYS, "systemd-logind", lg, "System is powering down.");
    } else {
        add(g, t, D_SYS, "systemd-logind", lg, "System is rebooting.");
    }
    kubelet_down(g, t + 100, k);
    add(g, t + 500, D_SYS | D_CTR, "systemd", 1, "Stopping containerd container runtime...");
    add(g, t + 900, D_SYS | D_CTR, "systemd", 1, "containerd.service: Deactivated successfully.");
    add(g, t + 901, D_SYS | D_CTR, "systemd", 1, "Stopped containerd container runtime.");
    int rs = PID_RSYSLOG(b);
    add(g, t + 1500, D_SYS, "rsyslogd", rs,
        "[origin software=\"rsyslogd\" swVersion=\"8.2112.0\" x-pid=\"%d\" "
        "x-info=\"https://www.rsyslog.com\"] exiting on signal 15.",
        rs);
}

static void gen_pressure(struct gen *g, const struct ak_nodeevent *e, const struct kstate *k,
                         bool disk)
{
    if (!k->running)
        return; /* nobody to notice */
    const struct ak_nodefacts *f = g->t->f;
    const char *res = disk ? "ephemeral-storage" : "memory";
    int64_t t = e->time_ms;
    if (disk) {
        int64_t size = f->os_disk_size_bytes, used = f->os_disk_used_bytes;
        int usage = size > 0 ? (int)(used * 100 / size) : 0;
        int64_t to_free = size > 0 ? used - size * 80 / 100 : 0;
        klog(g, t, k->pid, 'I', "image_gc_manager.go", 378,
             "\"Disk usage on image filesystem is over the high threshold, trying to free "
             "bytes down to the low threshold\" usage=%d highThreshold=85 amountToFree=%lld "
             "lowThreshold=80",
             usage, (long long)(to_free > 0 ? to_free : 0));
    }
    klog(g, t + 1, k->pid, 'I', "eviction_manager.go", 366,
         "\"Eviction manager: attempting to reclaim\" resourceName=\"%s\"", res);
    const char *pods = e->text;
    if (!pods || !*pods) {
        klog(g, t + 2, k->pid, 'I', "eviction_manager.go", 396,
             "\"Eviction manager: unable to evict any pods from the node\"");
        return;
    }
    klog(g, t + 2, k->pid, 'I', "eviction_manager.go", 377,
         "\"Eviction manager: must evict pod(s) to reclaim\" resourceName=\"%s\"", res);
    struct ak_buf ranked = AK_BUF_INIT(900);
    const char *p = pods;
    int rc = 0;
    while (*p && rc == 0) {
        size_t n = strcspn(p, ",");
        rc = ak_buf_printf(&ranked, "%s\"%.*s\"", ranked.len ? "," : "", (int)n, p);
        p += n + (p[n] == ',');
    }
    klog(g, t + 3, k->pid, 'I', "eviction_manager.go", 395,
         "\"Eviction manager: pods ranked for eviction\" pods=[%s]", ak_buf_cstr(&ranked));
    ak_buf_release(&ranked);
    p = pods;
    int64_t dt = 4;
    while (*p) {
        size_t n = strcspn(p, ",");
        if (n)
            klog(g, t + 1000 + dt++, k->pid, 'I', "eviction_manager.go", 627,
                 "\"Eviction manager: pod is evicted successfully\" pod=\"%.*s\"", (int)n, p);
        p += n + (p[n] == ',');
    }
}

static void gen_oom(struct gen *g, const struct boot *b, const struct ak_nodeevent *e)
{
    const char *comm = e->text && *e->text ? e->text : "python3";
    int64_t rss = e->value > 0 ? e->value : 1048576;
    int pid = 10000 + (int)((hstr(comm, "oompid") ^ (uint64_t)e->time_ms) % 50000u);
    char m[512];
    snprintf(m, sizeof(m),
             "%s invoked oom-killer: gfp_mask=0x1100cca(GFP_HIGHUSER_MOVABLE), order=0, "
             "oom_score_adj=1000",
             comm);
    kern(g, b, e->time_ms, e->time_ms, m);
    snprintf(m, sizeof(m),
             "Out of memory: Killed process %d (%s) total-vm:%lldkB, anon-rss:%lldkB, "
             "file-rss:%lldkB, shmem-rss:0kB, UID:0 pgtables:%lldkB oom_score_adj:1000",
             pid, comm, (long long)(rss + rss / 8 + 10240), (long long)rss,
             (long long)(rss / 64 + 1024), (long long)(rss / 512 + 64));
    kern(g, b, e->time_ms, e->time_ms + 1, m);
}

static int line_cmp(const void *a, const void *b)
{
    const struct line *x = a, *y = b;
    if (x->t != y->t)
        return x->t < y->t ? -1 : 1;
    return x->seq < y->seq ? -1 : x->seq > y->seq;
}

static void gen_all(struct gen *g, const struct tl *t)
{
    memset(g, 0, sizeof(*g));
    g->t = t;
    struct kstate k = {0};
    size_t bi = 0;
    gen_boot(g, &t->boots[0], &k, false);
    for (size_t i = 0; i < t->nev; i++) {
        const struct ak_nodeevent *e = t->ev[i];
        const struct boot *b = &t->boots[bi];
        switch (e->kind) {
        case AK_NODEEV_REBOOT:
        case AK_NODEEV_REDEPLOY:
            gen_shutdown(g, b, e->time_ms, e->kind == AK_NODEEV_REDEPLOY, &k);
            bi++;
            gen_boot(g, &t->boots[bi], &k, t->ok);
            break;
        case AK_NODEEV_EVICT_NOTICE:
            add(g, e->time_ms, D_SYS, "aksemu", -1, "%s",
                e->text && *e->text ? e->text : "Scheduled event Preempt received");
            break;
        case AK_NODEEV_KUBELET_STOP:
            kubelet_down(g, e->time_ms, &k);
            break;
        case AK_NODEEV_KUBELET_START:
            kubelet_down(g, e->time_ms, &k);
            kubelet_up(g, b, e->time_ms + (k.restarts ? 400 : 0), &k, true);
            break;
        case AK_NODEEV_DISK_PRESSURE:
        case AK_NODEEV_MEMORY_PRESSURE:
            gen_pressure(g, e, &k, e->kind == AK_NODEEV_DISK_PRESSURE);
            break;
        case AK_NODEEV_OOM_KILL:
            gen_oom(g, b, e);
            break;
        case AK_NODEEV_REIMAGE:
            break;
        }
    }
    qsort(g->v, g->n, sizeof(*g->v), line_cmp);
}

static void gen_release(struct gen *g)
{
    for (size_t i = 0; i < g->n; i++) {
        free(g->v[i].prog);
        free(g->v[i].msg);
    }
    free(g->v);
    g->v = NULL;
    g->n = g->cap = 0;
}

static void r_lines(struct w *w, const struct gen *g, unsigned dest)
{
    char ts[64];
    for (size_t i = 0; i < g->n && !w->rc; i++) {
        const struct line *l = &g->v[i];
        if (!(l->dest & dest))
            continue;
        wp(w, "%s %s %s: %s\n", tfmt(ts, l->t, dest == D_SYS ? T_SYSLOG : T_JOURNAL),
           S(g->t->f->hostname), l->prog, l->msg);
    }
}

/* ------------------------------------------------------------------ df */

int ak_nodefiles_df_tsv(const struct ak_nodefacts *f, struct ak_buf *out)
{
    int64_t size = f->os_disk_size_bytes;
    if (size <= 0)
        size = (int64_t)(f->os_disk_gb > 0 ? f->os_disk_gb : 128) << 30;
    int64_t used = f->os_disk_used_bytes < 0 ? 0 : f->os_disk_used_bytes;
    if (used > size)
        used = size;
    int64_t mem = (f->memory_mib > 0 ? f->memory_mib : 4096) << 20;
    int64_t shm = mem / 2 / 4096 * 4096, run = mem / 5 / 4096 * 4096;
    int64_t run_used = 3076096, efi = 109422592, efi_used = 6343680;
    struct w w;
    w.b = *out;
    w.rc = 0;
    wp(&w, "/dev/root\text4\t%lld\t%lld\t%lld\t/\n", (long long)size, (long long)used,
       (long long)(size - used));
    wp(&w, "tmpfs\ttmpfs\t%lld\t0\t%lld\t/dev/shm\n", (long long)shm, (long long)shm);
    wp(&w, "tmpfs\ttmpfs\t%lld\t%lld\t%lld\t/run\n", (long long)run, (long long)run_used,
       (long long)(run - run_used));
    wp(&w, "tmpfs\ttmpfs\t5242880\t0\t5242880\t/run/lock\n");
    wp(&w, "/dev/sda15\tvfat\t%lld\t%lld\t%lld\t/boot/efi\n", (long long)efi,
       (long long)efi_used, (long long)(efi - efi_used));
    if (f->temp_disk_bytes > 0) {
        /* the temp disk is a fresh ext4 with the default 5% reserve (590G / 560G avail) */
        int64_t tsz = f->temp_disk_bytes, tused = 32768;
        wp(&w, "/dev/sdb1\text4\t%lld\t%lld\t%lld\t/mnt\n", (long long)tsz, (long long)tused,
           (long long)(tsz - tsz / 20 - tused));
    }
    *out = w.b;
    return w.rc;
}

/* ------------------------------------------------------------------ render */

struct emit {
    ak_nodefile_cb cb;
    void *ud;
    int rc;
};

static void emit(struct emit *e, const char *path, struct w *w, unsigned mode)
{
    if (e->rc == 0)
        e->rc = w->rc ? w->rc : e->cb(path, ak_buf_cstr(&w->b), w->b.len, mode, e->ud);
    ak_buf_release(&w->b);
    w->rc = 0;
}

int ak_nodefiles_render(const struct ak_nodefacts *f, ak_nodefile_cb cb, void *ud)
{
    if (!f || !f->hostname || !*f->hostname || !cb)
        return AK_EINVAL;
    struct tl t;
    tl_build(&t, f);
    struct emit e = {cb, ud, 0};
    struct w w;

    w_init(&w), r_os_release(&w, &t), emit(&e, "/etc/os-release", &w, 0644);
    w_init(&w), r_lsb_release(&w, &t), emit(&e, "/etc/lsb-release", &w, 0644);
    w_init(&w), wp(&w, "%s\n", f->hostname), emit(&e, "/etc/hostname", &w, 0644);
    w_init(&w), r_hosts(&w), emit(&e, "/etc/hosts", &w, 0644);
    w_init(&w), r_resolv(&w, &t), emit(&e, "/etc/resolv.conf", &w, 0644);
    w_init(&w), r_machine_id(&w, &t), emit(&e, "/etc/machine-id", &w, 0444);
    w_init(&w), r_default_kubelet(&w, &t), emit(&e, "/etc/default/kubelet", &w, 0600);
    w_init(&w), r_azure_json(&w, &t), emit(&e, "/etc/kubernetes/azure.json", &w, 0600);
    w_init(&w), r_kubeconfig(&w, &t, false), emit(&e, "/var/lib/kubelet/kubeconfig", &w, 0644);
    w_init(&w), r_kubeconfig(&w, &t, true);
    emit(&e, "/var/lib/kubelet/bootstrap-kubeconfig", &w, 0644);
    w_init(&w), r_cloud_init_output(&w, &t);
    emit(&e, "/var/log/cloud-init-output.log", &w, 0640);
    w_init(&w), r_cloud_init_log(&w, &t), emit(&e, "/var/log/cloud-init.log", &w, 0640);

    w_init(&w), r_cse_output(&w, &t);
    emit(&e, "/var/log/azure/cluster-provision-cse-output.log", &w, 0644);
    struct w plog;
    w_init(&plog);
    if (cse_stop_of(f->cse_exit_code) != STOP_CLOUDINIT)
        r_cluster_provision(&plog, &t);
    w_init(&w), r_provision_json(&w, &t, ak_buf_cstr(&plog.b), plog.b.len);
    if (cse_stop_of(f->cse_exit_code) != STOP_CLOUDINIT)
        emit(&e, "/var/log/azure/cluster-provision.log", &plog, 0644);
    ak_buf_release(&plog.b);
    emit(&e, "/var/log/azure/aks/provision.json", &w, 0644);
    if (t.ok) {
        w_init(&w);
        emit(&e, "/opt/azure/containers/provision.complete", &w, 0644);
    }

    struct gen g;
    gen_all(&g, &t);
    w_init(&w), r_lines(&w, &g, D_SYS), emit(&e, "/var/log/syslog", &w, 0640);
    w_init(&w), r_lines(&w, &g, D_KUB);
    emit(&e, "/var/lib/aksemu/journal/kubelet.log", &w, 0644);
    w_init(&w), r_lines(&w, &g, D_CTR);
    emit(&e, "/var/lib/aksemu/journal/containerd.log", &w, 0644);
    gen_release(&g);

    w_init(&w);
    w.rc = ak_nodefiles_df_tsv(f, &w.b);
    emit(&e, AK_NODEFILES_DF_PATH, &w, 0644);

    tl_release(&t);
    return e.rc;
}

/* ------------------------------------------------------------------ event kinds */

static const char *const k_kind[] = {
    [AK_NODEEV_REBOOT] = "reboot",
    [AK_NODEEV_REIMAGE] = "reimage",
    [AK_NODEEV_REDEPLOY] = "redeploy",
    [AK_NODEEV_EVICT_NOTICE] = "evict-notice",
    [AK_NODEEV_KUBELET_STOP] = "kubelet-stop",
    [AK_NODEEV_KUBELET_START] = "kubelet-start",
    [AK_NODEEV_DISK_PRESSURE] = "disk-pressure",
    [AK_NODEEV_MEMORY_PRESSURE] = "memory-pressure",
    [AK_NODEEV_OOM_KILL] = "oom-kill",
};

int ak_nodeevent_kind_parse(const char *s, enum ak_nodeevent_kind *out)
{
    for (size_t i = 0; i < AK_ARRAY_LEN(k_kind); i++)
        if (ak_streq(s, k_kind[i])) {
            *out = (enum ak_nodeevent_kind)i;
            return 0;
        }
    return AK_EINVAL;
}

const char *ak_nodeevent_kind_name(enum ak_nodeevent_kind k)
{
    return (size_t)k < AK_ARRAY_LEN(k_kind) ? k_kind[k] : "unknown";
}

/* ------------------------------------------------------------------ writing the tree */

__attribute__((format(printf, 4, 5))) static int fail(char *err, size_t errlen, int rc,
                                                      const char *fmt, ...)
{
    if (err && errlen) {
        va_list ap;
        va_start(ap, fmt);
        vsnprintf(err, errlen, fmt, ap);
        va_end(ap);
    }
    return rc;
}

/* Opens (making it if needed) the directory `name` below dirfd without following a link;
 * a symlink in the way is removed and replaced by a real directory. */
static int open_subdir(int dirfd, const char *name)
{
    int fd = openat(dirfd, name, O_RDONLY | O_DIRECTORY | O_NOFOLLOW | O_CLOEXEC);
    if (fd >= 0)
        return fd;
    if (errno == ELOOP || errno == ENOTDIR) {
        struct stat st;
        if (fstatat(dirfd, name, &st, AT_SYMLINK_NOFOLLOW) != 0 || !S_ISLNK(st.st_mode))
            return -1; /* a file where a directory belongs: refuse */
        if (unlinkat(dirfd, name, 0) != 0)
            return -1;
    } else if (errno != ENOENT) {
        return -1;
    }
    if (mkdirat(dirfd, name, 0755) != 0 && errno != EEXIST)
        return -1;
    return openat(dirfd, name, O_RDONLY | O_DIRECTORY | O_NOFOLLOW | O_CLOEXEC);
}

static bool same_file(int dirfd, const char *name, const char *data, size_t len, unsigned mode)
{
    int fd = openat(dirfd, name, O_RDONLY | O_NOFOLLOW | O_NONBLOCK | O_CLOEXEC);
    if (fd < 0)
        return false;
    struct stat st;
    bool same = fstat(fd, &st) == 0 && S_ISREG(st.st_mode) && (size_t)st.st_size == len &&
                (unsigned)(st.st_mode & 07777) == mode;
    char buf[8192];
    size_t off = 0;
    while (same && off < len) {
        ssize_t n = read(fd, buf, sizeof(buf));
        if (n < 0 && errno == EINTR)
            continue;
        if (n <= 0 || (size_t)n > len - off || memcmp(buf, data + off, (size_t)n) != 0)
            same = false;
        else
            off += (size_t)n;
    }
    close(fd);
    return same;
}

static atomic_uint g_tmp_seq;

static int write_at(int rootfd, const char *path, const char *data, size_t len, unsigned mode,
                    char *err, size_t errlen)
{
    if (!path || path[0] != '/')
        return fail(err, errlen, AK_EINVAL, "bad path \"%s\"", S(path));
    int dirfd = rootfd, rc = 0;
    const char *p = path;
    char name[256];
    for (;;) {
        while (*p == '/')
            p++;
        size_t n = strcspn(p, "/");
        if (n < sizeof(name)) {
            memcpy(name, p, n);
            name[n] = '\0';
        }
        if (n == 0 || n >= 200 || ak_streq(name, ".") || ak_streq(name, "..")) {
            rc = fail(err, errlen, AK_EINVAL, "bad path \"%s\"", path);
            goto out;
        }
        p += n;
        if (*p == '\0')
            break; /* name is the leaf */
        int sub = open_subdir(dirfd, name);
        if (sub < 0) {
            rc = fail(err, errlen, AK_EIO, "%s: directory %s: %s", path, name, strerror(errno));
            goto out;
        }
        if (dirfd != rootfd)
            close(dirfd);
        dirfd = sub;
    }
    if (same_file(dirfd, name, data, len, mode))
        goto out; /* rc 0: unchanged */
    char tmp[300];
    snprintf(tmp, sizeof(tmp), ".%s.%ld.%u.aksemu-tmp", name, (long)getpid(),
             atomic_fetch_add(&g_tmp_seq, 1u));
    int fd = openat(dirfd, tmp, O_WRONLY | O_CREAT | O_EXCL | O_NOFOLLOW | O_CLOEXEC, 0600);
    if (fd < 0 && errno == EEXIST && unlinkat(dirfd, tmp, 0) == 0)
        fd = openat(dirfd, tmp, O_WRONLY | O_CREAT | O_EXCL | O_NOFOLLOW | O_CLOEXEC, 0600);
    if (fd < 0) {
        rc = fail(err, errlen, AK_EIO, "%s: create temp: %s", path, strerror(errno));
        goto out;
    }
    size_t off = 0;
    while (off < len) {
        ssize_t n = write(fd, data + off, len - off);
        if (n < 0 && errno == EINTR)
            continue;
        if (n <= 0)
            break;
        off += (size_t)n;
    }
    int werr = off < len ? errno : 0;
    if (off == len && fchmod(fd, (mode_t)mode) != 0)
        werr = errno ? errno : EIO;
    if (close(fd) != 0 && !werr)
        werr = errno;
    if (werr || renameat(dirfd, tmp, dirfd, name) != 0) {
        int e = werr ? werr : errno;
        unlinkat(dirfd, tmp, 0);
        rc = fail(err, errlen, AK_EIO, "%s: write: %s", path, strerror(e));
        goto out;
    }
    rc = 1;
out:
    if (dirfd != rootfd)
        close(dirfd);
    return rc;
}

int ak_nodefiles_write_file(const char *root_dir, const char *path, const char *data,
                            size_t len, unsigned mode, char *err, size_t errlen)
{
    int rootfd = open(root_dir, O_RDONLY | O_DIRECTORY | O_CLOEXEC);
    if (rootfd < 0)
        return fail(err, errlen, AK_EIO, "%s: %s", root_dir, strerror(errno));
    int rc = write_at(rootfd, path, data, len, mode & 07777, err, errlen);
    close(rootfd);
    return rc;
}

/* Files rendered only in some states; write_tree removes them when they are not. */
static const char *const k_optional[] = {
    "/opt/azure/containers/provision.complete",
    "/var/log/azure/cluster-provision.log",
};

struct tree {
    int rootfd, written;
    bool seen[AK_ARRAY_LEN(k_optional)];
    char *err;
    size_t errlen;
};

/* Removes root/path if it exists, walking only real directories (never a link). */
static int remove_at(int rootfd, const char *path)
{
    int dirfd = rootfd, rc = 0;
    const char *p = path;
    char name[256];
    for (;;) {
        while (*p == '/')
            p++;
        size_t n = strcspn(p, "/");
        if (n == 0 || n >= sizeof(name))
            break;
        memcpy(name, p, n);
        name[n] = '\0';
        p += n;
        if (*p == '\0') {
            if (unlinkat(dirfd, name, 0) == 0)
                rc = 1;
            break;
        }
        int sub = openat(dirfd, name, O_RDONLY | O_DIRECTORY | O_NOFOLLOW | O_CLOEXEC);
        if (dirfd != rootfd)
            close(dirfd);
        dirfd = sub;
        if (sub < 0)
            return 0;
    }
    if (dirfd != rootfd)
        close(dirfd);
    return rc;
}

static int tree_cb(const char *path, const char *content, size_t len, unsigned mode, void *ud)
{
    struct tree *tr = ud;
    for (size_t i = 0; i < AK_ARRAY_LEN(k_optional); i++)
        if (strcmp(path, k_optional[i]) == 0)
            tr->seen[i] = true;
    int rc = write_at(tr->rootfd, path, content, len, mode, tr->err, tr->errlen);
    if (rc < 0)
        return rc;
    tr->written += rc;
    return 0;
}

int ak_nodefiles_write_tree(const struct ak_nodefacts *f, const char *root_dir, char *err,
                            size_t errlen)
{
    if (err && errlen)
        err[0] = '\0';
    struct tree tr = {.rootfd = -1, .err = err, .errlen = errlen};
    tr.rootfd = open(root_dir, O_RDONLY | O_DIRECTORY | O_CLOEXEC);
    if (tr.rootfd < 0)
        return fail(err, errlen, AK_EIO, "%s: %s", root_dir, strerror(errno));
    int rc = ak_nodefiles_render(f, tree_cb, &tr);
    for (size_t i = 0; rc == 0 && i < AK_ARRAY_LEN(k_optional); i++)
        if (!tr.seen[i])
            tr.written += remove_at(tr.rootfd, k_optional[i]);
    close(tr.rootfd);
    if (rc < 0 && err && errlen && !err[0])
        fail(err, errlen, rc, "render: %s", ak_strerror(rc));
    return rc < 0 ? rc : tr.written;
}
