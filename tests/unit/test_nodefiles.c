/* test_nodefiles.c - node files rendered from facts: identity files, cloud-init and CSE logs
 * of a good and a failed provisioning, lifecycle events in syslog, /etc/default/kubelet,
 * df.tsv, and the symlink-safe, change-only tree writer. */
#include "unit_helpers.h"

#include <dirent.h>
#include <fcntl.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

#include "node/ak_nodefiles.h"
#include "util/ak_buf.h"
#include "util/ak_err.h"
#include "util/ak_mem.h"

/* ---------------------------------------------------------------- fixtures */

#define MAXF 64

struct files {
    int n;
    char *path[MAXF], *data[MAXF];
    size_t len[MAXF];
    unsigned mode[MAXF];
};

static int collect(const char *path, const char *content, size_t len, unsigned mode, void *ud)
{
    struct files *fs = ud;
    assert_true(fs->n < MAXF);
    assert_int_equal(strlen(content), len);
    fs->path[fs->n] = ak_xstrdup(path);
    fs->data[fs->n] = ak_xstrdup(content);
    fs->len[fs->n] = len;
    fs->mode[fs->n] = mode;
    fs->n++;
    return 0;
}

static void files_release(struct files *fs)
{
    for (int i = 0; i < fs->n; i++) {
        free(fs->path[i]);
        free(fs->data[i]);
    }
    fs->n = 0;
}

static const char *file(const struct files *fs, const char *path)
{
    for (int i = 0; i < fs->n; i++)
        if (strcmp(fs->path[i], path) == 0)
            return fs->data[i];
    return NULL;
}

static int64_t utc_ms(int y, int mo, int d, int h, int mi, int s)
{
    struct tm tm = {0};
    tm.tm_year = y - 1900;
    tm.tm_mon = mo - 1;
    tm.tm_mday = d;
    tm.tm_hour = h;
    tm.tm_min = mi;
    tm.tm_sec = s;
    return (int64_t)timegm(&tm) * 1000;
}

static const char *const k_labels[] = {
    "kubernetes.azure.com/agentpool=nodepool1",
    "kubernetes.azure.com/cluster=MC_rg_aks_eastus",
    "kubernetes.azure.com/mode=system",
    "kubernetes.azure.com/node-image-version=AKSUbuntu-2204gen2containerd-202608.20.0",
    "kubernetes.azure.com/os-sku=Ubuntu",
};
static const char *const k_taints[] = {"sku=gpu:NoSchedule", "team=a:PreferNoSchedule"};

/* created 2026-08-20 01:10:41 UTC, CSE done 151 s later (the samples' times) */
static struct ak_nodefacts facts(void)
{
    struct ak_nodefacts f = {0};
    f.hostname = "aks-nodepool1-12345678-vmss000000";
    f.pool = "nodepool1";
    f.mode = "System";
    f.cluster = "aks";
    f.node_rg = "MC_rg_aks_eastus";
    f.location = "eastus";
    f.subscription_id = "11111111-2222-3333-4444-555555555555";
    f.vmss_name = "aks-nodepool1-12345678-vmss";
    f.instance_id = 0;
    f.vm_size = "Standard_D4ds_v5";
    f.vcpus = 4;
    f.memory_mib = 16384;
    f.os_disk_gb = 128;
    f.os_sku = "Ubuntu";
    f.node_image_version = "AKSUbuntu-2204gen2containerd-202608.20.0";
    f.kernel_version = "5.15.0-1118-azure";
    f.k8s_version = "1.30.4";
    f.max_pods = 30;
    f.labels = k_labels;
    f.nlabels = AK_ARRAY_LEN(k_labels);
    f.taints = k_taints;
    f.ntaints = AK_ARRAY_LEN(k_taints);
    f.kube_reserved_cpu_milli = 140;
    f.kube_reserved_memory_mi = 650;
    f.created_ms = utc_ms(2026, 8, 20, 1, 10, 41);
    f.provisioned_ms = f.created_ms + 151000;
    f.api_server_fqdn = "aks-rg-1111-abcd1234.hcp.eastus.azmk8s.io";
    f.kubelet_client_id = "99999999-8888-7777-6666-555555555555";
    f.node_ip = "10.224.0.4";
    f.os_disk_size_bytes = 133143986176LL; /* 124 GiB filesystem */
    f.os_disk_used_bytes = 27917287424LL;  /* 26 GiB */
    return f;
}

static size_t pos(const char *hay, const char *needle)
{
    const char *p = strstr(hay, needle);
    if (!p)
        fail_msg("\"%s\" not found", needle);
    return (size_t)(p - hay);
}

static int count(const char *hay, const char *needle)
{
    int n = 0;
    for (const char *p = hay; (p = strstr(p, needle)) != NULL; p += strlen(needle))
        n++;
    return n;
}

/* ---------------------------------------------------------------- content */

static void test_success_node(void **state)
{
    (void)state;
    struct ak_nodefacts f = facts();
    struct files fs = {0};
    assert_int_equal(ak_nodefiles_render(&f, collect, &fs), 0);

    const char *osr = file(&fs, "/etc/os-release");
    ASSERT_CONTAINS(osr, "PRETTY_NAME=\"Ubuntu 22.04.5 LTS\"\n");
    ASSERT_CONTAINS(osr, "VERSION=\"22.04.5 LTS (Jammy Jellyfish)\"\n");
    ASSERT_CONTAINS(osr, "UBUNTU_CODENAME=jammy\n");
    ASSERT_STR(file(&fs, "/etc/hostname"), "aks-nodepool1-12345678-vmss000000\n");
    ASSERT_CONTAINS(file(&fs, "/etc/lsb-release"), "DISTRIB_DESCRIPTION=\"Ubuntu 22.04.5 LTS\"");
    ASSERT_CONTAINS(file(&fs, "/etc/resolv.conf"), "nameserver 127.0.0.53\n");
    const char *mid = file(&fs, "/etc/machine-id");
    assert_non_null(mid);
    assert_int_equal(strlen(mid), 33);

    const char *cio = file(&fs, "/var/log/cloud-init-output.log");
    ASSERT_CONTAINS(cio, "Cloud-init v. 26.1-0ubuntu1~22.04.1 running 'init-local' at Thu, 20 "
                         "Aug 2026 01:10:49 +0000. Up 8.21 seconds.\n");
    ASSERT_CONTAINS(cio, "running 'init' at Thu, 20 Aug 2026 01:10:53 +0000. Up 12.53 seconds.");
    ASSERT_CONTAINS(cio, "running 'modules:config' at Thu, 20 Aug 2026 01:11:01 +0000.");
    ASSERT_CONTAINS(cio, "running 'modules:final' at Thu, 20 Aug 2026 01:11:02 +0000.");
    ASSERT_CONTAINS(cio, "finished at Thu, 20 Aug 2026 01:11:03 +0000. Datasource "
                         "DataSourceAzure [seed=/dev/sr0].  Up 22.05 seconds\n");
    ASSERT_CONTAINS(cio, "ci-info: |  eth0  | True |");
    assert_true(pos(cio, "'init-local'") < pos(cio, "'init' at") &&
                pos(cio, "'init' at") < pos(cio, "'modules:config'") &&
                pos(cio, "'modules:final'") < pos(cio, "finished at"));
    ASSERT_CONTAINS(file(&fs, "/var/log/cloud-init.log"),
                    "2026-08-20 01:10:49,210 - util.py[DEBUG]: Cloud-init v. ");

    const char *cse = file(&fs, "/var/log/azure/cluster-provision-cse-output.log");
    assert_non_null(cse);
    const char *first = "Thu Aug 20 01:12:03 UTC 2026,aks-nodepool1-12345678-vmss000000\n";
    assert_int_equal(strncmp(cse, first, strlen(first)), 0);
    ASSERT_CONTAINS(cse, "Cloud init status check exit code: 0\n");
    ASSERT_CONTAINS(cse, "Executed \"curl -v --insecure --proxy-insecure "
                         "https://mcr.microsoft.com/v2/\" 1 times.\n");
    ASSERT_CONTAINS(cse, "Active: active (running) since Thu 2026-08-20 01:13:10 UTC; 2s ago");

    const char *cpl = file(&fs, "/var/log/azure/cluster-provision.log");
    ASSERT_CONTAINS(cpl, "+ echo Thu Aug 20 01:12:03 UTC 2026,aks-nodepool1-12345678-vmss000000, "
                         "startcustomscript\n");
    ASSERT_CONTAINS(cpl, "'\"TaskName\":' '\"AKS.CSE.ensureKubelet\",'");
    ASSERT_CONTAINS(cpl, "API server connection check code: 0\n");
    ASSERT_CONTAINS(cpl, "+ exit 0\n");

    const char *pj = file(&fs, "/var/log/azure/aks/provision.json");
    assert_non_null(pj);
    assert_int_equal(strncmp(pj, "{ \"ExitCode\": \"0\", \"Output\": \"", 30), 0);
    ASSERT_CONTAINS(pj, "\"Error\": \"\", \"ExecDuration\": \"69\"");
    ASSERT_CONTAINS(pj, "\"KernelStartTime\": \"Thu 2026-08-20 01:10:41 UTC\"");
    ASSERT_CONTAINS(pj, "\"CSEStartTime\": \"Thu Aug 20 01:12:03 UTC 2026\"");
    ASSERT_CONTAINS(pj, "\"KubeletStartTime\": \"Thu 2026-08-20 01:13:10 UTC\" } }\n");
    ASSERT_CONTAINS(pj, "+ exit 0\\n");
    assert_int_equal(count(pj, "\n"), 1); /* one line */
    ASSERT_NOT_CONTAINS(pj, "  ");
    assert_non_null(file(&fs, "/opt/azure/containers/provision.complete"));

    const char *sys = file(&fs, "/var/log/syslog");
    ASSERT_CONTAINS(sys, "Aug 20 01:10:42 aks-nodepool1-12345678-vmss000000 kernel: [    0.");
    ASSERT_CONTAINS(sys, "] Linux version 5.15.0-1118-azure ");
    ASSERT_CONTAINS(sys, "systemd[1]: Hostname set to <aks-nodepool1-12345678-vmss000000>.\n");
    ASSERT_CONTAINS(sys, "Aug 20 01:13:10 aks-nodepool1-12345678-vmss000000 systemd[1]: Started "
                         "Kubelet.\n");
    ASSERT_CONTAINS(sys, "\"Kubelet version\" kubeletVersion=\"v1.30.4\"");
    const char *kj = file(&fs, "/var/lib/aksemu/journal/kubelet.log");
    ASSERT_CONTAINS(kj, "\"Successfully registered node\" "
                        "node=\"aks-nodepool1-12345678-vmss000000\"");
    ASSERT_NOT_CONTAINS(kj, "containerd[");
    const char *cj = file(&fs, "/var/lib/aksemu/journal/containerd.log");
    ASSERT_CONTAINS(cj, "level=info msg=\"starting containerd\" revision= version=1.7.34\n");
    ASSERT_CONTAINS(cj, "time=\"2026-08-20T01:10:55.");

    const char *az = file(&fs, "/etc/kubernetes/azure.json");
    ASSERT_CONTAINS(az, "\"aadClientSecret\": \"msi\",\n");
    ASSERT_CONTAINS(az, "\"resourceGroup\": \"MC_rg_aks_eastus\",\n");
    ASSERT_CONTAINS(az, "\"primaryScaleSetName\": \"aks-nodepool1-12345678-vmss\",\n");
    ASSERT_CONTAINS(az, "\"userAssignedIdentityID\": \"99999999-8888-7777-6666-555555555555\"");
    ASSERT_CONTAINS(file(&fs, "/var/lib/kubelet/kubeconfig"),
                    "    server: https://aks-rg-1111-abcd1234.hcp.eastus.azmk8s.io:443\n");
    ASSERT_CONTAINS(file(&fs, "/var/lib/kubelet/bootstrap-kubeconfig"),
                    "current-context: bootstrap-context\n");

    /* modes */
    for (int i = 0; i < fs.n; i++) {
        if (strcmp(fs.path[i], "/etc/default/kubelet") == 0 ||
            strcmp(fs.path[i], "/etc/kubernetes/azure.json") == 0)
            assert_int_equal(fs.mode[i], 0600);
    }

    /* deterministic */
    struct files again = {0};
    assert_int_equal(ak_nodefiles_render(&f, collect, &again), 0);
    assert_int_equal(again.n, fs.n);
    for (int i = 0; i < fs.n; i++) {
        ASSERT_STR(again.path[i], fs.path[i]);
        ASSERT_STR(again.data[i], fs.data[i]);
    }
    files_release(&again);
    files_release(&fs);
}

static void test_failed_outbound(void **state)
{
    (void)state;
    struct ak_nodefacts f = facts();
    f.cse_exit_code = 50;
    f.provisioned_ms = f.created_ms + 82000 + 330000; /* 20 tries of 15 s + 1 s */
    struct files fs = {0};
    assert_int_equal(ak_nodefiles_render(&f, collect, &fs), 0);

    const char *cse = file(&fs, "/var/log/azure/cluster-provision-cse-output.log");
    ASSERT_CONTAINS(cse, "Executed \"curl -v --insecure --proxy-insecure "
                         "https://mcr.microsoft.com/v2/\" 20 times; giving up (last exit "
                         "status: 124).\n");
    assert_int_equal(count(cse, "*   Trying 204.79.197.219:443...\n"), 20);
    ASSERT_CONTAINS(cse, "Active: inactive (dead)\n");
    const char *cpl = file(&fs, "/var/log/azure/cluster-provision.log");
    ASSERT_CONTAINS(cpl, "+ retrycmd_if_failure 20 1 15 curl -v --insecure --proxy-insecure "
                         "https://mcr.microsoft.com/v2/\n+ exit 50\n");
    const char *pj = file(&fs, "/var/log/azure/aks/provision.json");
    assert_int_equal(strncmp(pj, "{ \"ExitCode\": \"50\",", 19), 0);
    ASSERT_CONTAINS(pj, "\\n+ exit 50\\n\"");
    ASSERT_CONTAINS(pj, "\"ExecDuration\": \"330\"");
    ASSERT_CONTAINS(pj, "\"KubeletStartTime\": \"\" } }");
    assert_null(file(&fs, "/opt/azure/containers/provision.complete"));
    ASSERT_NOT_CONTAINS(file(&fs, "/var/log/syslog"), "Started Kubelet.");
    /* cloud-init itself succeeded */
    ASSERT_CONTAINS(file(&fs, "/var/log/cloud-init-output.log"), "finished at");
    files_release(&fs);

    /* 51 with the node's FQDN; 223 never reaches provision.sh */
    f.cse_exit_code = 51;
    assert_int_equal(ak_nodefiles_render(&f, collect, &fs), 0);
    cpl = file(&fs, "/var/log/azure/cluster-provision.log");
    ASSERT_CONTAINS(cpl, "https://aks-rg-1111-abcd1234.hcp.eastus.azmk8s.io:443\" 34 times; "
                         "giving up");
    ASSERT_CONTAINS(cpl, "API server connection check code: 51\n+ exit 51\n");
    files_release(&fs);

    f.cse_exit_code = 223;
    assert_int_equal(ak_nodefiles_render(&f, collect, &fs), 0);
    assert_null(file(&fs, "/var/log/azure/cluster-provision.log"));
    cse = file(&fs, "/var/log/azure/cluster-provision-cse-output.log");
    ASSERT_CONTAINS(cse, "ERROR: cloud-init finished with fatal error (exit code 1)\n");
    ASSERT_CONTAINS(cse, "cloud-init failed with exit code 223\n");
    ASSERT_CONTAINS(file(&fs, "/var/log/azure/aks/provision.json"), "\"ExitCode\": \"223\"");
    ASSERT_CONTAINS(file(&fs, "/var/log/cloud-init-output.log"), "util.py[WARNING]: Running "
                                                                "module write_files");
    files_release(&fs);
}

static void test_lifecycle_events(void **state)
{
    (void)state;
    struct ak_nodefacts f = facts();
    int64_t h = 3600000;
    int64_t t0 = f.created_ms;
    /* given out of order on purpose */
    struct ak_nodeevent ev[] = {
        {t0 + 4 * h + 60000, AK_NODEEV_KUBELET_START, NULL, 0},
        {t0 + 2 * h, AK_NODEEV_OOM_KILL, "stress-ng", 2097152},
        {t0 + 1 * h, AK_NODEEV_REBOOT, NULL, 0},
        {t0 + 3 * h, AK_NODEEV_MEMORY_PRESSURE, "default/hog,default/web-1", 0},
        {t0 + 4 * h, AK_NODEEV_KUBELET_STOP, NULL, 0},
        {t0 + 5 * h, AK_NODEEV_DISK_PRESSURE, NULL, 0},
        {t0 + 6 * h, AK_NODEEV_EVICT_NOTICE, NULL, 0},
        {t0 - 1000, AK_NODEEV_OOM_KILL, "before-creation", 0}, /* ignored */
    };
    f.events = ev;
    f.nevents = AK_ARRAY_LEN(ev);
    struct files fs = {0};
    assert_int_equal(ak_nodefiles_render(&f, collect, &fs), 0);
    const char *sys = file(&fs, "/var/log/syslog");

    ASSERT_CONTAINS(sys, "Aug 20 02:10:41 aks-nodepool1-12345678-vmss000000 systemd-logind[");
    ASSERT_CONTAINS(sys, "]: System is rebooting.\n");
    size_t reboot = pos(sys, "System is rebooting.");
    size_t boot2 = pos(sys + reboot, "] Linux version") + reboot;
    size_t oom = pos(sys, "] Out of memory: Killed process ");
    size_t evicted =
        pos(sys, "\"Eviction manager: pod is evicted successfully\" pod=\"default/hog\"");
    size_t stopped = pos(sys + evicted, "Stopped Kubelet.") + evicted;
    size_t restarted = pos(sys + stopped, "Started Kubelet.") + stopped;
    size_t gc = pos(sys, "\"Disk usage on image filesystem is over the high threshold");
    size_t notice = pos(sys, "aksemu: Scheduled event Preempt received\n");
    assert_true(pos(sys, "] Linux version") < reboot);
    assert_true(reboot < boot2 && boot2 < oom && oom < evicted && evicted < stopped &&
                stopped < restarted && restarted < gc && gc < notice);
    ASSERT_CONTAINS(sys, "(stress-ng) total-vm:");
    ASSERT_CONTAINS(sys, "anon-rss:2097152kB");
    ASSERT_CONTAINS(sys, "stress-ng invoked oom-killer: gfp_mask=");
    ASSERT_NOT_CONTAINS(sys, "before-creation");
    ASSERT_CONTAINS(sys, "\"Eviction manager: attempting to reclaim\" resourceName=\"memory\"");
    ASSERT_CONTAINS(sys, "pods=[\"default/hog\",\"default/web-1\"]");
    ASSERT_CONTAINS(sys, "resourceName=\"ephemeral-storage\"");
    ASSERT_CONTAINS(sys, "usage=20 highThreshold=85");
    /* the oom line's kernel uptime counts from the second boot (1 h + 4 s after creation) */
    ASSERT_CONTAINS(sys, "kernel: [ 3596.");
    /* syslog lines are in time order */
    char prev[16] = "";
    int lines = 0;
    for (const char *p = sys; *p; lines++) {
        char cur[16];
        memcpy(cur, p, 15);
        cur[15] = '\0';
        if (prev[0])
            assert_true(strcmp(prev, cur) <= 0); /* same day, fixed-width HH:MM:SS */
        memcpy(prev, cur, 16);
        p = strchr(p, '\n');
        assert_non_null(p);
        p++;
    }
    assert_true(lines > 40);

    /* two boots: two sets of cloud-init banners; the kubelet journal sees both starts */
    const char *cio = file(&fs, "/var/log/cloud-init-output.log");
    assert_int_equal(count(cio, "running 'init-local'"), 2);
    ASSERT_CONTAINS(cio, "running 'init-local' at Thu, 20 Aug 2026 02:10:51 +0000. Up 6.10 "
                         "seconds.");
    const char *kj = file(&fs, "/var/lib/aksemu/journal/kubelet.log");
    assert_int_equal(count(kj, "Started Kubelet."), 3);
    ASSERT_CONTAINS(kj, "\"Node was previously registered\"");
    ASSERT_CONTAINS(kj, "Eviction manager: must evict pod(s) to reclaim");
    ASSERT_NOT_CONTAINS(kj, "Out of memory");
    files_release(&fs);

    /* a reimage wipes the disk: nothing from before it survives */
    struct ak_nodeevent ev2[] = {
        {t0 + 1 * h, AK_NODEEV_OOM_KILL, "old-proc", 0},
        {t0 + 2 * h, AK_NODEEV_REIMAGE, NULL, 0},
    };
    f.events = ev2;
    f.nevents = AK_ARRAY_LEN(ev2);
    f.provisioned_ms = t0 + 2 * h + 120000;
    assert_int_equal(ak_nodefiles_render(&f, collect, &fs), 0);
    sys = file(&fs, "/var/log/syslog");
    ASSERT_NOT_CONTAINS(sys, "old-proc");
    assert_int_equal(strncmp(sys, "Aug 20 03:10:", 13), 0);
    ASSERT_CONTAINS(file(&fs, "/var/log/cloud-init-output.log"),
                    "running 'init-local' at Thu, 20 Aug 2026 03:10:47 +0000");
    files_release(&fs);
}

static void test_default_kubelet(void **state)
{
    (void)state;
    struct ak_nodefacts f = facts();
    struct files fs = {0};
    assert_int_equal(ak_nodefiles_render(&f, collect, &fs), 0);
    const char *k = file(&fs, "/etc/default/kubelet");
    assert_int_equal(strncmp(k, "KUBELET_FLAGS=--address=0.0.0.0 --anonymous-auth=false ", 55), 0);
    ASSERT_CONTAINS(k, " --eviction-hard=memory.available<100Mi,nodefs.available<10%,"
                       "nodefs.inodesFree<5% ");
    ASSERT_CONTAINS(k, " --kube-reserved=cpu=140m,memory=650Mi --max-pods=30 ");
    ASSERT_CONTAINS(k, " --read-only-port=10255 "
                       "--register-with-taints=sku=gpu:NoSchedule,team=a:PreferNoSchedule "
                       "--resolv-conf=/etc/resolv.conf ");
    ASSERT_CONTAINS(k, " --node-ip=10.224.0.4\nKUBELET_REGISTER_SCHEDULABLE=true\n"
                       "NETWORK_POLICY=\nKUBELET_IMAGE=\nKUBELET_NODE_LABELS="
                       "kubernetes.azure.com/agentpool=nodepool1,"
                       "kubernetes.azure.com/cluster=MC_rg_aks_eastus,");
    ASSERT_CONTAINS(k, ",kubernetes.azure.com/os-sku=Ubuntu\n");
    files_release(&fs);

    /* below 1.29: 750Mi, no --node-ip; no taints: no flag; formula when not given */
    f.k8s_version = "v1.28.9";
    f.ntaints = 0;
    f.kube_reserved_cpu_milli = 0;
    f.kube_reserved_memory_mi = 0;
    assert_int_equal(ak_nodefiles_render(&f, collect, &fs), 0);
    k = file(&fs, "/etc/default/kubelet");
    ASSERT_CONTAINS(k, "memory.available<750Mi,");
    ASSERT_NOT_CONTAINS(k, "--node-ip");
    ASSERT_NOT_CONTAINS(k, "--register-with-taints");
    ASSERT_CONTAINS(k, "--kube-reserved=cpu=140m,memory=2662Mi "); /* 25/20/10% bands of 16G */
    files_release(&fs);
}

static void test_df_tsv(void **state)
{
    (void)state;
    struct ak_nodefacts f = facts();
    f.temp_disk_bytes = 161061273600LL; /* 150 GiB */
    struct ak_buf b = AK_BUF_INIT(1 << 16);
    assert_int_equal(ak_nodefiles_df_tsv(&f, &b), 0);
    const char *s = ak_buf_cstr(&b);
    const char *root = "/dev/root\text4\t133143986176\t27917287424\t105226698752\t/\n";
    assert_int_equal(strncmp(s, root, strlen(root)), 0);
    ASSERT_CONTAINS(s, "\ntmpfs\ttmpfs\t8589934592\t0\t8589934592\t/dev/shm\n");
    ASSERT_CONTAINS(s, "\ntmpfs\ttmpfs\t3435970560\t");
    ASSERT_CONTAINS(s, "\t/run\n");
    ASSERT_CONTAINS(s, "\ntmpfs\ttmpfs\t5242880\t0\t5242880\t/run/lock\n");
    ASSERT_CONTAINS(s, "\n/dev/sda15\tvfat\t109422592\t6343680\t103078912\t/boot/efi\n");
    ASSERT_CONTAINS(s, "\n/dev/sdb1\text4\t161061273600\t32768\t153008177152\t/mnt\n");
    assert_int_equal(count(s, "\n"), 6);
    /* every line has 6 fields */
    for (const char *p = s; *p;) {
        const char *e = strchr(p, '\n');
        int tabs = 0;
        for (const char *q = p; q < e; q++)
            tabs += *q == '\t';
        assert_int_equal(tabs, 5);
        p = e + 1;
    }
    /* the same text is the rendered /etc/aksemu/df.tsv; used > size clamps */
    struct files fs = {0};
    f.temp_disk_bytes = 0;
    f.os_disk_used_bytes = f.os_disk_size_bytes + 5;
    assert_int_equal(ak_nodefiles_render(&f, collect, &fs), 0);
    ASSERT_CONTAINS(file(&fs, AK_NODEFILES_DF_PATH),
                    "/dev/root\text4\t133143986176\t133143986176\t0\t/\n");
    ASSERT_NOT_CONTAINS(file(&fs, AK_NODEFILES_DF_PATH), "/mnt");
    files_release(&fs);
    ak_buf_release(&b);
}

static void test_event_kinds(void **state)
{
    (void)state;
    enum ak_nodeevent_kind k;
    assert_int_equal(ak_nodeevent_kind_parse("oom-kill", &k), 0);
    assert_int_equal(k, AK_NODEEV_OOM_KILL);
    assert_int_equal(ak_nodeevent_kind_parse("evict-notice", &k), 0);
    assert_int_equal(k, AK_NODEEV_EVICT_NOTICE);
    assert_int_equal(ak_nodeevent_kind_parse("reboots", &k), AK_EINVAL);
    assert_int_equal(ak_nodeevent_kind_parse(NULL, &k), AK_EINVAL);
    ASSERT_STR(ak_nodeevent_kind_name(AK_NODEEV_MEMORY_PRESSURE), "memory-pressure");
    struct ak_nodefacts f = {0};
    struct files fs = {0};
    assert_int_equal(ak_nodefiles_render(&f, collect, &fs), AK_EINVAL); /* no hostname */
}

/* ---------------------------------------------------------------- writing */

static char *tmpdir(void)
{
    char tmpl[] = "/tmp/test_nodefiles.XXXXXX";
    char *d = mkdtemp(tmpl);
    assert_non_null(d);
    return ak_xstrdup(d);
}

static void rm_rf(const char *path)
{
    char cmd[512];
    snprintf(cmd, sizeof(cmd), "rm -rf '%s'", path);
    assert_int_equal(system(cmd), 0);
}

static char *path_in(const char *root, const char *rel)
{
    return ak_xasprintf("%s%s", root, rel);
}

static char *slurp(const char *path)
{
    FILE *fp = fopen(path, "rb");
    if (!fp)
        return NULL;
    struct ak_buf b = AK_BUF_INIT(1 << 24);
    char tmp[4096];
    size_t n;
    while ((n = fread(tmp, 1, sizeof(tmp), fp)) > 0)
        assert_int_equal(ak_buf_append(&b, tmp, n), 0);
    fclose(fp);
    return ak_buf_detach(&b, NULL);
}

static int count_entries(const char *dir)
{
    DIR *d = opendir(dir);
    assert_non_null(d);
    int n = 0;
    struct dirent *de;
    while ((de = readdir(d)) != NULL)
        if (strcmp(de->d_name, ".") && strcmp(de->d_name, ".."))
            n++;
    closedir(d);
    return n;
}

static void test_write_tree_twice(void **state)
{
    (void)state;
    struct ak_nodefacts f = facts();
    char *root = tmpdir();
    char err[256];
    struct files fs = {0};
    assert_int_equal(ak_nodefiles_render(&f, collect, &fs), 0);

    int n = ak_nodefiles_write_tree(&f, root, err, sizeof(err));
    assert_int_equal(n, fs.n);
    char *syslog = path_in(root, "/var/log/syslog");
    char *got = slurp(syslog);
    ASSERT_STR(got, file(&fs, "/var/log/syslog"));
    free(got);
    struct stat st1, st2;
    assert_int_equal(stat(syslog, &st1), 0);
    assert_int_equal(st1.st_mode & 07777, 0640);
    char *dk = path_in(root, "/etc/default/kubelet");
    assert_int_equal(stat(dk, &st2), 0);
    assert_int_equal(st2.st_mode & 07777, 0600);

    /* second run: nothing rewritten, same inode and mtime */
    assert_int_equal(ak_nodefiles_write_tree(&f, root, err, sizeof(err)), 0);
    struct stat st3;
    assert_int_equal(stat(syslog, &st3), 0);
    assert_int_equal(st3.st_ino, st1.st_ino);
    assert_true(st3.st_mtim.tv_sec == st1.st_mtim.tv_sec &&
                st3.st_mtim.tv_nsec == st1.st_mtim.tv_nsec);

    /* a changed fact rewrites only the files that depend on it; no temp files are left */
    f.os_disk_used_bytes += 4096;
    assert_int_equal(ak_nodefiles_write_tree(&f, root, err, sizeof(err)), 1);
    char *etc = path_in(root, "/etc/aksemu");
    assert_int_equal(count_entries(etc), 1);
    /* a file tampered with on the node, or its mode, is put back */
    assert_int_equal(chmod(dk, 0644), 0);
    char *hn = path_in(root, "/etc/hostname");
    FILE *fp = fopen(hn, "w");
    assert_non_null(fp);
    fputs("evil\n", fp);
    fclose(fp);
    assert_int_equal(ak_nodefiles_write_tree(&f, root, err, sizeof(err)), 2);
    got = slurp(hn);
    ASSERT_STR(got, "aks-nodepool1-12345678-vmss000000\n");
    free(got);

    /* write_file: refresh df.tsv; bad paths refused */
    struct ak_buf b = AK_BUF_INIT(1 << 16);
    f.os_disk_used_bytes += 4096;
    assert_int_equal(ak_nodefiles_df_tsv(&f, &b), 0);
    assert_int_equal(ak_nodefiles_write_file(root, AK_NODEFILES_DF_PATH, b.data, b.len, 0644,
                                             err, sizeof(err)),
                     1);
    assert_int_equal(ak_nodefiles_write_file(root, AK_NODEFILES_DF_PATH, b.data, b.len, 0644,
                                             err, sizeof(err)),
                     0);
    assert_int_equal(ak_nodefiles_write_file(root, "/etc/../../x", "x", 1, 0644, err,
                                             sizeof(err)),
                     AK_EINVAL);
    assert_int_equal(ak_nodefiles_write_file(root, "relative", "x", 1, 0644, err, sizeof(err)),
                     AK_EINVAL);
    assert_int_equal(ak_nodefiles_write_tree(&f, "/nonexistent/aksemu-root", err, sizeof(err)),
                     AK_EIO);
    ASSERT_CONTAINS(err, "/nonexistent/aksemu-root");
    ak_buf_release(&b);

    /* the node is reimaged and the new provisioning fails: the success marker goes away */
    char *pc = path_in(root, "/opt/azure/containers/provision.complete");
    struct stat st4;
    assert_int_equal(stat(pc, &st4), 0);
    f.cse_exit_code = 223;
    assert_true(ak_nodefiles_write_tree(&f, root, err, sizeof(err)) > 0);
    assert_int_not_equal(stat(pc, &st4), 0);
    char *cpl = path_in(root, "/var/log/azure/cluster-provision.log");
    assert_int_not_equal(stat(cpl, &st4), 0);
    free(cpl);
    free(pc);

    rm_rf(root);
    free(etc);
    free(hn);
    free(dk);
    free(syslog);
    free(root);
    files_release(&fs);
}

static void test_write_tree_symlinks(void **state)
{
    (void)state;
    struct ak_nodefacts f = facts();
    char *root = tmpdir(), *outside = tmpdir();
    char err[256];

    /* planted by a command on the node: /var/log -> outside, /etc/hostname -> outside/x,
     * and /var/lib/aksemu -> outside as well */
    char *var = path_in(root, "/var"), *log = path_in(root, "/var/log");
    char *etc = path_in(root, "/etc"), *hn = path_in(root, "/etc/hostname");
    char *target = path_in(outside, "/x");
    char *lib = path_in(root, "/var/lib");
    char *aks = path_in(root, "/var/lib/aksemu");
    assert_int_equal(mkdir(var, 0755), 0);
    assert_int_equal(mkdir(etc, 0755), 0);
    assert_int_equal(mkdir(lib, 0755), 0);
    assert_int_equal(symlink(outside, log), 0);
    assert_int_equal(symlink(target, hn), 0);
    assert_int_equal(symlink(outside, aks), 0);

    int n = ak_nodefiles_write_tree(&f, root, err, sizeof(err));
    assert_true(n > 0);
    assert_int_equal(count_entries(outside), 0); /* nothing written outside */
    struct stat st;
    assert_int_equal(lstat(log, &st), 0);
    assert_true(S_ISDIR(st.st_mode)); /* the link was replaced by a real directory */
    assert_int_equal(lstat(hn, &st), 0);
    assert_true(S_ISREG(st.st_mode));
    assert_int_equal(lstat(aks, &st), 0);
    assert_true(S_ISDIR(st.st_mode));
    char *sl = path_in(root, "/var/log/syslog");
    assert_int_equal(lstat(sl, &st), 0);
    assert_true(S_ISREG(st.st_mode));

    /* a regular file where a directory belongs is an error, not followed or removed */
    rm_rf(log);
    FILE *fp = fopen(log, "w");
    assert_non_null(fp);
    fclose(fp);
    assert_true(ak_nodefiles_write_tree(&f, root, err, sizeof(err)) < 0);
    ASSERT_CONTAINS(err, "/var/log");
    assert_int_equal(count_entries(outside), 0);

    rm_rf(root);
    rm_rf(outside);
    free(sl);
    free(var);
    free(log);
    free(etc);
    free(hn);
    free(target);
    free(lib);
    free(aks);
    free(root);
    free(outside);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_success_node),     cmocka_unit_test(test_failed_outbound),
        cmocka_unit_test(test_lifecycle_events), cmocka_unit_test(test_default_kubelet),
        cmocka_unit_test(test_df_tsv),           cmocka_unit_test(test_event_kinds),
        cmocka_unit_test(test_write_tree_twice), cmocka_unit_test(test_write_tree_symlinks),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
