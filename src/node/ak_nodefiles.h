/* ak_nodefiles.h - the files an AKS Ubuntu 22.04 node holds where people look, rendered
 * from the emulated node's facts (reference/runcmd-facts.md 3-4, reference/node-samples/).
 *
 * Pure: ak_nodefiles_render() and ak_nodefiles_df_tsv() only format text; the same facts
 * always give byte-identical files. ak_nodefiles_write_tree() / ak_nodefiles_write_file()
 * are the only functions doing I/O.
 *
 * Files rendered (paths are absolute inside the node; mode in brackets):
 *   /etc/os-release [0644]        Ubuntu 22.04.x text of the image (22.04.5 from 202504 on)
 *   /etc/lsb-release [0644]       DISTRIB_* lines matching os-release
 *   /etc/hostname [0644]          hostname
 *   /etc/hosts [0644]             the Ubuntu cloud image template (localhost + IPv6 lines)
 *   /etc/resolv.conf [0644]       systemd-resolved stub form: nameserver 127.0.0.53,
 *                                 search <hash of the node RG>.bx.internal.cloudapp.net
 *   /etc/machine-id [0444]        32 hex digits from a hash of the hostname
 *   /etc/default/kubelet [0600]   AgentBaker ensureKubelet() keys and order
 *   /etc/kubernetes/azure.json [0600]   configureAzureJson() key order, managed identity ("msi")
 *   /var/lib/kubelet/kubeconfig, /var/lib/kubelet/bootstrap-kubeconfig [0644]
 *   /var/log/cloud-init-output.log [0640]   banners of every boot of the current OS disk
 *   /var/log/cloud-init.log [0640]
 *   /var/log/syslog [0640]        boots, cloud-init, containerd/kubelet, lifecycle events
 *   /var/log/azure/cluster-provision-cse-output.log [0644]
 *   /var/log/azure/cluster-provision.log [0644]   (absent for exit 223: provision.sh never ran)
 *   /var/log/azure/aks/provision.json [0644]
 *   /opt/azure/containers/provision.complete [0644]   only after a successful provisioning
 *   /var/lib/aksemu/journal/kubelet.log, /var/lib/aksemu/journal/containerd.log [0644]
 *       the journald view of the two units (`Mon DD HH:MM:SS host prog[pid]: msg`, zero-padded
 *       day as journalctl prints). Real nodes keep these in journald only; a sandbox
 *       `journalctl -u <unit>` shim prints /var/lib/aksemu/journal/<unit>.log.
 *   /etc/aksemu/df.tsv [0644]     what a sandbox `df` shim prints, see ak_nodefiles_df_tsv().
 * Not rendered: certificates and keys (/etc/kubernetes/certs/...), binaries, unit files,
 * the /var/log/azure/aks symlinks.
 *
 * Time model (all UTC). The current OS disk's first boot starts (kernel start) at
 * max(created_ms, time of the last "reimage" event): a reimage rebuilds the disk from the
 * image, so nothing older survives on it. From there the first-boot milestones sit at fixed
 * offsets (cloud-init init-local 8.2 s, init 12.5 s, modules:config 20.1 s, modules:final
 * 21.4 s, finished 22.1 s, CSE start 82 s) which are scaled down proportionally when
 * provisioned_ms - boot start is under 150 s; the CSE ends at provisioned_ms and on success
 * the kubelet starts 2 s (scaled) before that. Each "reboot"/"redeploy" event starts a new
 * boot 4 s after the event (cloud-init banners again, containerd and kubelet start again).
 */
#ifndef AK_NODEFILES_H
#define AK_NODEFILES_H

#include <stddef.h>
#include <stdint.h>

struct ak_buf;

enum ak_nodeevent_kind {
    AK_NODEEV_REBOOT,          /* graceful reboot: shutdown lines, then a new boot */
    AK_NODEEV_REIMAGE,         /* new OS disk: logs restart at this time (see above) */
    AK_NODEEV_REDEPLOY,        /* moved to another host: like a reboot */
    AK_NODEEV_EVICT_NOTICE,    /* spot/scheduled-event notice; nothing on a real node logs
                                * it, so syslog gets one "aksemu: <text>" line */
    AK_NODEEV_KUBELET_STOP,    /* systemd stop lines (syslog + kubelet journal) */
    AK_NODEEV_KUBELET_START,   /* systemd start + kubelet startup lines, new kubelet pid */
    AK_NODEEV_DISK_PRESSURE,   /* image GC + eviction manager lines, resource ephemeral-storage */
    AK_NODEEV_MEMORY_PRESSURE, /* eviction manager lines, resource memory */
    AK_NODEEV_OOM_KILL,        /* kernel "invoked oom-killer" + "Out of memory: Killed process" */
};

/* Parses "reboot", "reimage", "redeploy", "evict-notice", "kubelet-stop", "kubelet-start",
 * "disk-pressure", "memory-pressure", "oom-kill"; 0 or AK_EINVAL. */
int ak_nodeevent_kind_parse(const char *s, enum ak_nodeevent_kind *out);
const char *ak_nodeevent_kind_name(enum ak_nodeevent_kind k);

struct ak_nodeevent {
    int64_t time_ms;             /* epoch ms */
    enum ak_nodeevent_kind kind;
    /* kind-specific, may be NULL:
     *   disk-/memory-pressure: evicted pods, "ns/name" separated by commas
     *   oom-kill: the killed process's command name (default "python3")
     *   evict-notice: the message (default "Scheduled event Preempt received")
     *   others: unused */
    const char *text;
    int64_t value; /* oom-kill: anon-rss of the victim in KiB (0: 1 GiB); others unused */
};

/* Everything is *borrowed* for the duration of the call. NULL strings render as "" unless
 * a default is given. Arrays are "k=v" (labels) and "k=v:Effect" (taints). */
struct ak_nodefacts {
    const char *hostname;           /* node name, aks-nodepool1-12345678-vmss000000 */
    const char *pool;               /* nodepool1 */
    const char *mode;               /* System / User */
    const char *cluster;            /* cluster name */
    const char *node_rg;            /* MC_rg_cluster_location */
    const char *location;           /* eastus */
    const char *subscription_id;
    const char *tenant_id;          /* NULL: "00000000-0000-0000-0000-000000000000" */
    const char *vmss_name;          /* aks-nodepool1-12345678-vmss */
    int64_t instance_id;
    const char *vm_size;            /* Standard_D4ds_v5 */
    int vcpus;
    int64_t memory_mib;
    int os_disk_gb;
    const char *os_sku;             /* Ubuntu */
    const char *node_image_version; /* AKSUbuntu-2204gen2containerd-202608.20.0 */
    const char *kernel_version;     /* 5.15.0-1118-azure */
    const char *k8s_version;        /* 1.30.4 (a leading 'v' is accepted) */
    const char *cloud_init_version; /* NULL: from the image date (26.1-0ubuntu1~22.04.1 ...) */
    const char *containerd_version; /* NULL: from the image date (1.7.34 ...) */
    int max_pods;
    const char *const *labels;      /* KUBELET_NODE_LABELS, in the given order */
    size_t nlabels;
    const char *const *taints;      /* --register-with-taints */
    size_t ntaints;
    /* kubelet reservations; 0 = AKS formula (ak_kube_reserved_*), eviction 750Mi below
     * k8s 1.29 and 100Mi from 1.29 on */
    int64_t kube_reserved_cpu_milli;
    int64_t kube_reserved_memory_mi;
    int64_t eviction_hard_memory_mi;
    const char *cluster_dns;        /* NULL: 10.0.0.10 */
    const char *network_policy;     /* NULL: "" */
    const char *net_suffix8;        /* the 8 digits of aks-vnet-/aks-agentpool-...-nsg; NULL:
                                     * derived from node_rg */
    const char *bootstrap_token;    /* NULL: derived "<6>.<16>" token from the cluster */

    int64_t created_ms;             /* VM instance creation = first kernel start */
    int64_t provisioned_ms;         /* CSE end (success or failure) */
    int cse_exit_code;              /* 0 = success, else the CSE exit status (50, 51, ...) */
    const char *fail_detail;        /* failing step's stderr text (NULL: per-code default);
                                     * goes to cluster-provision.log before "+ exit N" */
    const char *api_server_fqdn;    /* <dns>.hcp.<region>.azmk8s.io */
    const char *kubelet_client_id;  /* kubelet identity client id (azure.json) */
    const char *node_ip;            /* 10.224.0.4 */

    const struct ak_nodeevent *events; /* any order; those before the disk's first boot are
                                        * ignored; at most the newest AK_NODEFILES_MAX_EVENTS */
    size_t nevents;

    int64_t os_disk_size_bytes;     /* root filesystem size (disk model) */
    int64_t os_disk_used_bytes;
    int64_t temp_disk_bytes;        /* /mnt (/dev/sdb1); 0 = no temp disk */
};

#define AK_NODEFILES_MAX_EVENTS 4096
#define AK_NODEFILES_MAX_FILE (8u << 20) /* ceiling of any one rendered file */

/* Called once per file: path is absolute ("/etc/hostname"), content is NUL-terminated and
 * len bytes long, mode the permission bits. Both are borrowed for the call. A non-zero
 * return stops the render and is returned by ak_nodefiles_render(). */
typedef int (*ak_nodefile_cb)(const char *path, const char *content, size_t len,
                              unsigned mode, void *ud);

/* Renders every file listed above in a fixed order. 0, the callback's non-zero value,
 * AK_EINVAL (no hostname) or AK_ETOOBIG (a file over AK_NODEFILES_MAX_FILE). */
int ak_nodefiles_render(const struct ak_nodefacts *f, ak_nodefile_cb cb, void *ud);

/* Appends /etc/aksemu/df.tsv to out: one line per filesystem,
 *   source \t fstype \t size_bytes \t used_bytes \t avail_bytes \t mountpoint
 * for /dev/root ext4 / (avail = size - used: the samples' df -m of a running node,
 * 29599 total / 24157 used / 5427 avail, shows no 5% ext4 reserve, so none is modelled),
 * tmpfs /dev/shm (half the memory), tmpfs /run (20%), tmpfs /run/lock (5 MiB),
 * /dev/sda15 vfat /boot/efi (104.4 MiB, 6.1 MiB used; df -h "105M"), and /dev/sdb1 ext4 /mnt
 * when temp_disk_bytes > 0. 0 or AK_ETOOBIG. */
#define AK_NODEFILES_DF_PATH "/etc/aksemu/df.tsv"
int ak_nodefiles_df_tsv(const struct ak_nodefacts *f, struct ak_buf *out);

/* Writes every rendered file under root_dir. Directories are made as needed (0755), each
 * file is written to a temp file next to it and renamed over it, and a file whose content
 * and mode are already right is left alone. Never follows a symlink below root_dir (all
 * opens are openat(O_NOFOLLOW) from a root dir fd): a symlink where a directory is needed
 * is removed and replaced by a real directory, a symlink where a file goes is replaced by
 * the file. provision.complete and cluster-provision.log are removed when the facts no
 * longer render them (e.g. a reimaged node whose new provisioning failed). root_dir itself
 * must exist. Fsync is not done: the rename makes each file appear whole to readers.
 * Returns the number of files (re)written or removed, or a negative AK_E* with a message in
 * err (if non-NULL). */
int ak_nodefiles_write_tree(const struct ak_nodefacts *f, const char *root_dir, char *err,
                            size_t errlen);

/* The same safe write for one file (path absolute inside root_dir, no "." / ".."
 * components): 1 written, 0 unchanged, or a negative AK_E*. The caller uses it to refresh
 * df.tsv before each command. */
int ak_nodefiles_write_file(const char *root_dir, const char *path, const char *data,
                            size_t len, unsigned mode, char *err, size_t errlen);

#endif
