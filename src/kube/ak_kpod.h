/* ak_kpod.h - typed state of pods, nodes and node leases, rendered into their JSON at read
 * time (see ak_kstore.h): a pod's spec.nodeName and status, a node's status, a lease's
 * renewTime. */
#ifndef AK_KPOD_H
#define AK_KPOD_H

#include <stdbool.h>
#include <stdint.h>

#include "ak_kstore.h"

struct ak_kcontainer {
    char *name, *image;
    bool ready;
    int restarts;
    int64_t started_ms;
    int exit_code;   /* when terminated */
    char *reason;    /* waiting/terminated reason */
    /* a running pod's container that died and waits for its restart (CrashLoopBackOff) */
    bool crashloop;
    int backoff_s;
    /* lastState.terminated (last_reason NULL: none) */
    char *last_reason;
    int last_exit;
    int64_t last_started_ms, last_finished_ms;
};

struct ak_kpod {
    char *node;            /* spec.nodeName */
    char phase[12];        /* Pending | Running | Succeeded | Failed | Unknown */
    char *reason, *message;
    char *nominated;
    char pod_ip[16], host_ip[16]; /* IPv4 */
    int64_t scheduled_ms, started_ms, ready_ms, finished_ms;
    bool sched_failed;     /* PodScheduled=False */
    char *sched_msg;       /* its message */
    int64_t sched_failed_ms;
    struct ak_kcontainer *c;
    int nc;
    char qos[12];
    uint16_t gates;        /* len(spec.readinessGates) */
    int32_t priority;
    bool daemonset;        /* owned by a DaemonSet */
    uint64_t content_seq;  /* new whenever metadata or spec were written (not on status
                            * changes): what is read from them can be cached on it */
    void *sched;           /* scheduler bookkeeping, owned by the controller */
    void (*sched_free)(void *);
};

struct ak_knode {
    char *pool;
    int64_t instance;
    bool ready;
    char ready_reason[40];
    char *ready_message;
    int64_t ready_since_ms;  /* lastTransitionTime of Ready */
    int64_t heartbeat_ms;    /* last kubelet heartbeat (0 = now, while healthy) */
    bool memory_pressure, disk_pressure, pid_pressure;
    bool unknown;            /* the kubelet stopped posting: the four conditions are Unknown */
    char *xconds;            /* other conditions (node-problem-detector's), JSON array text */
    int64_t pressure_since_ms;
    char internal_ip[40];
    char cpu[16], memory[32], ephemeral[32], pods[12], gpus[8];
    char a_cpu[16], a_memory[32], a_ephemeral[32];
    char kubelet_version[24], os_image[64], kernel[48], runtime[48];
    char machine_id[33], system_uuid[37], boot_id[37];
    bool windows;
    bool unschedulable;      /* spec.unschedulable */
    bool has_ready;          /* a Ready condition exists */
    /* the node reconcile (ak_kworld): last sync that saw the instance, and what the last
     * enforcement of the pool-owned labels and taints saw (skip when nothing changed) */
    uint64_t seen_gen;
    uint64_t enforced_rv, enforced_fp;
    uint64_t enforced_pgen, enforced_igen; /* the pool's and instance's touch_gen then */
};

void ak_kpod_register(void); /* installs the kind hooks; idempotent */
struct ak_kpod *ak_kpod_of(const struct ak_kobj *o);
struct ak_knode *ak_knode_of(const struct ak_kobj *o);

#endif
