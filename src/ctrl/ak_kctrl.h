/* ak_kctrl.h - the controllers of every emulated cluster's Kubernetes side, all on the loop:
 * the scheduler (kube-scheduler semantics, src/sched), the kubelet's pod life cycle
 * (Pending -> Running after a start-up time, pod IPs from the node's range, jobs that finish),
 * deployments -> replicasets -> pods, daemonsets, jobs, PodDisruptionBudget status, garbage
 * collection of dependents, namespace deletion, and the AKS system add-ons. */
#ifndef AK_KCTRL_H
#define AK_KCTRL_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include <jansson.h>

#include "../kube/ak_kstore.h"
#include "../kube/ak_kworld.h"
#include "../util/ak_err.h"

struct ak_kctrl;

struct ak_kctrl *ak_kctrl_new(struct ak_kworld *w);
void ak_kctrl_free(struct ak_kctrl *c);
/* Something changed in the cluster: reconcile on the next loop iteration. */
void ak_kctrl_kick(struct ak_kcluster *kc);
/* The eviction subresource: checks the PodDisruptionBudgets that select the pod. On success
 * the pod is gone (deleted) and 0 is returned; when a budget forbids it, 429 TooManyRequests
 * with the DisruptionBudget cause text in `cause`; a pod with several budgets -> 500. */
int ak_kctrl_evict(struct ak_kcluster *kc, struct ak_kobj *pod, bool dry_run, struct ak_err *err,
                   char *cause, size_t causelen);
/* An object was deleted through the API: its dependents follow (background/foreground) unless
 * propagation is "Orphan". Namespaces go Terminating and take their content with them. */
void ak_kctrl_deleted(struct ak_kcluster *kc, enum ak_kkind kind, const char *ns, const char *name,
                      const char *uid, const char *propagation);
/* The kubelet's stats/summary of a node (NULL: no such node, or no kubelet answers). */
json_t *ak_kctrl_node_summary(struct ak_kcluster *kc, const char *node);
/* The node whose OS disk is the fullest (used / capacity, as its summary shows it): its name
 * (borrowed, valid until the nodes change), bytes used and capacity; false if no node has a
 * kubelet answering. */
bool ak_kctrl_fullest_disk(struct ak_kcluster *kc, const char **node, int64_t *used, int64_t *cap);
/* The containers of a Running pod exited (code 0: Succeeded, else Failed, as a finished Job's
 * pod); AK_EINVAL if the pod does not run. */
int ak_kctrl_pod_finish(struct ak_kcluster *kc, struct ak_kobj *pod, int code);
/* priorityClassName -> priority; false if no such class. */
bool ak_kctrl_priority(struct ak_kcluster *kc, const char *pc, int32_t *out);

#endif
