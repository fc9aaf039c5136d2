/* ak_runcmd.c - VMSS VM run command and managed cluster runCommand (see ak_runcmd.h). */
#include "ak_runcmd.h"

#define _GNU_SOURCE 1
#include <errno.h>
#include <ftw.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "../core/ak_catalog.h"
#include "../core/ak_node.h"
#include "../kube/ak_kpod.h"
#include "../kube/ak_kstore.h"
#include "../node/ak_nodefiles.h"
#include "../node/ak_sandbox.h"
#include "../runtime/ak_loop.h"
#include "../util/ak_base64.h"
#include "../util/ak_buf.h"
#include "../state/ak_codec.h"
#include "../util/ak_log.h"
#include "../util/ak_mem.h"
#include "../util/ak_rand.h"
#include "../util/ak_str.h"
#include "../util/ak_time.h"
#include "ak_kctrl.h"

#define VM_OUTPUT 4096                 /* RunCommandLinux keeps the last 4096 B of each stream */
#define VM_TIMEOUT_MS (90 * 60 * 1000) /* the run command hard limit, emulated */
#define AKS_OUTPUT (512 * 1024)        /* command invoke output limit */
#define AKS_START_MS (30 * 1000)       /* the command pod must run within 30 s */
#define AKS_TIMEOUT_MS (300 * 1000)    /* az waits 300 s for the result */
#define KEEP_MS (60 * 60 * 1000)       /* finished runs answer for an hour */
#define POLL_MS 100
#define CMD_NS "aks-command"
#define CMD_IMAGE "mcr.microsoft.com/aks/command/runtime:master.230109.1"

struct run {
    struct ak_run pub;
    struct ak_runcmd *rc;
    struct run *next;
    char vm_id[37];      /* VM runs: the instance */
    char kube_id[17];    /* AKS runs: the cluster and its pod */
    char pod[48];
    char *command, *context, *kubeconfig;
    int64_t deadline;
    struct ak_timer timer;
    struct ak_sandbox *sb;
    char dir[4096];      /* AKS runs: the pod's own root (removed at the end) */
};

struct ak_runcmd {
    struct ak_kworld *w;
    struct ak_state *st;
    struct ak_loop *loop;
    char *data_dir;
    int64_t provision_ms;
    char *kubectl;
    int64_t timeout_ms;
    bool base_ok;
    struct run *runs;
};

/* ------------------------------------------------------------------ helpers */

static int64_t now_ms(struct ak_runcmd *rc)
{
    return ak_loop_now(rc->loop);
}

static int64_t dur(struct ak_runcmd *rc, int64_t ms)
{
    return ak_kworld_dur(ak_kworld_config(rc->w), ms);
}

static int mkdirs(const char *path)
{
    char tmp[4096];
    snprintf(tmp, sizeof(tmp), "%s", path);
    for (char *p = tmp + 1; *p; p++) {
        if (*p != '/')
            continue;
        *p = '\0';
        if (mkdir(tmp, 0755) != 0 && errno != EEXIST)
            return -1;
        *p = '/';
    }
    return mkdir(tmp, 0755) != 0 && errno != EEXIST ? -1 : 0;
}

static int rm_cb(const char *p, const struct stat *sb, int type, struct FTW *f)
{
    (void)sb, (void)type, (void)f;
    remove(p);
    return 0;
}

static void rm_tree(const char *dir)
{
    if (dir[0])
        nftw(dir, rm_cb, 16, FTW_DEPTH | FTW_PHYS | FTW_MOUNT);
}

static char *find_kubectl(void)
{
    const char *path = getenv("PATH");
    if (!path)
        path = "/usr/local/bin:/usr/bin:/bin";
    char *copy = ak_xstrdup(path), *save = NULL;
    char *found = NULL;
    for (char *d = strtok_r(copy, ":", &save); d && !found; d = strtok_r(NULL, ":", &save)) {
        char p[4096];
        snprintf(p, sizeof(p), "%s/kubectl", d);
        char *real = realpath(p, NULL);
        if (real && access(real, X_OK) == 0)
            found = real;
        else
            free(real);
    }
    free(copy);
    return found;
}

static bool base_ready(struct ak_runcmd *rc, struct ak_err *err)
{
    if (rc->base_ok)
        return true;
    char dir[4096], e[512];
    snprintf(dir, sizeof(dir), "%s/nodefs/base", rc->data_dir);
    if (mkdirs(dir) != 0 || ak_sandbox_base_build(dir, e, sizeof(e)) != 0) {
        ak_err_set(err, 500, "InternalServerError", "aksemu cannot build the node image: %s",
                   errno ? strerror(errno) : e);
        return false;
    }
    rc->base_ok = true;
    return true;
}

static void run_free(struct run *r)
{
    json_decref(r->pub.result);
    free(r->pub.err_msg);
    free(r->command);
    free(r->context);
    free(r->kubeconfig);
    free(r);
}

static struct run *run_new(struct ak_runcmd *rc, enum ak_run_kind kind, const char *location)
{
    /* finished runs are kept for a while, then forgotten */
    int64_t now = now_ms(rc);
    for (struct run **pp = &rc->runs; *pp;) {
        struct run *r = *pp;
        if (strcmp(r->pub.status, "InProgress") != 0 && r->pub.end_ms + KEEP_MS < now) {
            *pp = r->next;
            run_free(r);
            continue;
        }
        pp = &r->next;
    }
    struct run *r = ak_xcalloc(1, sizeof(*r));
    r->rc = rc;
    ak_timer_init(&r->timer, NULL, r);
    r->pub.kind = kind;
    char uuid[37];
    ak_rand_uuid(ak_state_rand(rc->st), uuid);
    if (kind == AK_RUN_AKS) { /* 32 hex digits */
        size_t j = 0;
        for (size_t i = 0; uuid[i] && j < 32; i++)
            if (uuid[i] != '-')
                r->pub.id[j++] = uuid[i];
        r->pub.id[j] = '\0';
    } else {
        snprintf(r->pub.id, sizeof(r->pub.id), "%s", uuid);
    }
    snprintf(r->pub.status, sizeof(r->pub.status), "InProgress");
    snprintf(r->pub.location, sizeof(r->pub.location), "%s", location ? location : "");
    r->pub.start_ms = now;
    r->next = rc->runs;
    rc->runs = r;
    return r;
}

static void run_fail(struct run *r, const char *code, const char *fmt, ...) __attribute__((format(printf, 3, 4)));
static void run_fail(struct run *r, const char *code, const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    char msg[2048];
    vsnprintf(msg, sizeof(msg), fmt, ap);
    va_end(ap);
    snprintf(r->pub.status, sizeof(r->pub.status), "Failed");
    snprintf(r->pub.err_code, sizeof(r->pub.err_code), "%s", code);
    free(r->pub.err_msg);
    r->pub.err_msg = ak_xstrdup(msg);
    r->pub.end_ms = now_ms(r->rc);
    ak_timer_stop(r->rc->loop, &r->timer);
    ak_log(AK_LOG_INFO, "runcmd", "run %s failed: %s: %s", r->pub.id, code, msg);
}

static struct run *find_vm_run(struct ak_runcmd *rc, const char *vm_id)
{
    for (struct run *r = rc->runs; r; r = r->next)
        if (r->pub.kind == AK_RUN_VM && strcmp(r->vm_id, vm_id) == 0 && strcmp(r->pub.status, "InProgress") == 0)
            return r;
    return NULL;
}

static struct ak_instance *instance_by_vm_id(struct ak_runcmd *rc, const char *vm_id)
{
    struct ak_state *st = rc->st;
    for (size_t ri = 0; ri < ak_state_rg_count(st); ri++) {
        struct ak_rg *rg = ak_state_rg_at(st, ri);
        for (size_t ci = 0; ci < rg->nclusters; ci++) {
            struct ak_cluster *cl = rg->clusters[ci];
            for (size_t pi = 0; pi < cl->npools; pi++)
                for (size_t ii = 0; ii < cl->pools[pi]->ninst; ii++)
                    if (strcmp(cl->pools[pi]->inst[ii]->vm_id, vm_id) == 0)
                        return cl->pools[pi]->inst[ii];
        }
    }
    return NULL;
}

/* Output is bytes (a tail may cut a UTF-8 sequence): a JSON string of it, invalid bytes
 * replaced by '?'. */
static json_t *text_json(const char *p, size_t n)
{
    json_t *j = json_stringn(p, n);
    if (j)
        return j;
    char *s = ak_xstrndup(p, n);
    for (size_t i = 0; i < n; i++)
        if ((unsigned char)s[i] >= 0x80 || s[i] == '\0')
            s[i] = '?';
    j = json_stringn(s, n);
    free(s);
    return j ? j : json_string("");
}

static void quote_char(struct ak_buf *b, char c)
{
    if (c == '\'')
        ak_buf_puts(b, "'\\''");
    else
        ak_buf_putc(b, c);
}

/* ------------------------------------------------------------------ a node's facts */

struct facts {
    struct ak_nodefacts f;
    char hostname[128], vmss[96], ip[48], kernel[64], image[96];
    struct ak_strs labels, taints;
    const char **lab, **tai;
    struct ak_nodeevent *ev;
    size_t nev, capev;
    struct ak_strs evtext;
    json_t *node; /* the Node object, if any */
};

static void facts_event(struct facts *x, int64_t t, enum ak_nodeevent_kind k, const char *text)
{
    AK_GROW(x->ev, x->nev + 1, x->capev);
    x->ev[x->nev].time_ms = t;
    x->ev[x->nev].kind = k;
    x->ev[x->nev].value = 0;
    x->ev[x->nev].text = NULL;
    if (text) {
        ak_strs_push(&x->evtext, text);
        x->ev[x->nev].text = (const char *)(uintptr_t)x->evtext.n; /* index + 1, fixed below */
    }
    x->nev++;
}

/* The node's life, from its Kubernetes events (namespace default, involvedObject the node). */
static void facts_events(struct facts *x, struct ak_kstore *ks)
{
    struct ak_kiter it;
    ak_kstore_iter(ks, AK_KIND_EVENT, "default", "", &it);
    bool was_down = false;
    for (struct ak_kobj *o; (o = ak_kiter_next(&it)) != NULL;) {
        if (strcmp(o->ns, "default") != 0)
            break;
        json_t *j = ak_kobj_json(o);
        json_t *io = json_object_get(j, "involvedObject");
        if (!ak_streq(ak_json_str(io, "kind"), "Node") || !ak_streq(ak_json_str(io, "name"), x->hostname)) {
            json_decref(j);
            continue;
        }
        const char *reason = ak_json_str(j, "reason");
        const char *msg = ak_json_str(j, "message");
        const char *ts = ak_json_str(j, "lastTimestamp");
        if (!ts)
            ts = ak_json_str(j, "eventTime");
        int64_t t = 0;
        if (!ts || ak_parse_time(ts, &t) != 0 || !reason) {
            json_decref(j);
            continue;
        }
        if (strcmp(reason, "NodeRebootStart") == 0)
            facts_event(x, t, AK_NODEEV_REBOOT, NULL);
        else if (strcmp(reason, "NodeReimageStart") == 0)
            facts_event(x, t, AK_NODEEV_REIMAGE, NULL);
        else if (strcmp(reason, "NodeRedeployStart") == 0)
            facts_event(x, t, AK_NODEEV_REDEPLOY, NULL);
        else if (strcmp(reason, "PreemptScheduled") == 0)
            facts_event(x, t, AK_NODEEV_EVICT_NOTICE, msg);
        else if (strcmp(reason, "NodeNotReady") == 0) {
            facts_event(x, t, AK_NODEEV_KUBELET_STOP, NULL);
            was_down = true;
        } else if (strcmp(reason, "NodeReady") == 0 && was_down) {
            facts_event(x, t, AK_NODEEV_KUBELET_START, NULL);
            was_down = false;
        } else if (strcmp(reason, "EvictionThresholdMet") == 0)
            facts_event(x, t, msg && strstr(msg, "memory") ? AK_NODEEV_MEMORY_PRESSURE : AK_NODEEV_DISK_PRESSURE,
                        NULL);
        else if (strcmp(reason, "SystemOOM") == 0) {
            const char *v = msg ? strstr(msg, "victim process: ") : NULL;
            char name[64] = "";
            if (v) {
                v += strlen("victim process: ");
                size_t n = strcspn(v, ", ");
                snprintf(name, sizeof(name), "%.*s", (int)(n < 63 ? n : 63), v);
            }
            facts_event(x, t, AK_NODEEV_OOM_KILL, name[0] ? name : NULL);
        }
        json_decref(j);
    }
    for (size_t i = 0; i < x->nev; i++) /* text indexes -> strings (the list may have moved) */
        if (x->ev[i].text)
            x->ev[i].text = x->evtext.v[(uintptr_t)x->ev[i].text - 1];
}

static void facts_build(struct ak_runcmd *rc, struct ak_instance *in, struct facts *x)
{
    memset(x, 0, sizeof(*x));
    struct ak_pool *p = in->pool;
    struct ak_cluster *cl = p->cluster;
    struct ak_nodefacts *f = &x->f;
    ak_node_name(p->vmss_name, in->id, x->hostname, sizeof(x->hostname));
    const struct ak_vm_size *vs = ak_catalog_find(p->spec.vm_size);
    f->hostname = x->hostname;
    f->pool = p->name;
    f->mode = p->spec.mode;
    f->cluster = cl->name;
    f->node_rg = cl->node_rg;
    f->location = cl->location;
    f->subscription_id = cl->rg->sub;
    f->tenant_id = ak_state_config(rc->st)->tenant_id;
    f->vmss_name = p->vmss_name;
    f->instance_id = in->id;
    f->vm_size = p->spec.vm_size;
    f->vcpus = vs ? vs->vcpu : 2;
    f->memory_mib = vs ? (int64_t)(vs->memory_gib * 1024) : 8192;
    f->os_disk_gb = p->spec.os_disk_size_gb ? p->spec.os_disk_size_gb : 128;
    f->os_sku = p->spec.os_sku ? p->spec.os_sku : "Ubuntu";
    f->k8s_version = p->spec.orchestrator_version && *p->spec.orchestrator_version ? p->spec.orchestrator_version
                                                                                   : cl->k8s_version;
    f->max_pods = p->spec.max_pods ? p->spec.max_pods : 110;
    f->api_server_fqdn = cl->fqdn;
    f->kubelet_client_id = cl->kubelet_client_id;
    f->created_ms = in->created_ms;
    f->provisioned_ms = in->created_ms + rc->provision_ms;
    f->temp_disk_bytes = vs ? (int64_t)vs->temp_disk_gib << 30 : 0;
    snprintf(x->image, sizeof(x->image), "%s", ak_node_image_version());
    f->node_image_version = x->image;
    /* a CSE failure injected at creation */
    const char *es = strstr(in->status_msg, "exit status=");
    if (es)
        f->cse_exit_code = atoi(es + strlen("exit status="));
    ak_node_taints(&p->spec, &x->taints);
    /* what the Node object says (labels, address, kernel, registration time, events) */
    struct ak_kcluster *kc = ak_kworld_cluster(rc->w, cl->kube_id);
    struct ak_kobj *node = kc ? ak_kstore_get(kc->ks, AK_KIND_NODE, "", x->hostname) : NULL;
    if (node) {
        x->node = ak_kobj_json(node);
        const char *k;
        json_t *v;
        json_object_foreach(json_object_get(json_object_get(x->node, "metadata"), "labels"), k, v)
        {
            char kv[512];
            snprintf(kv, sizeof(kv), "%s=%s", k, json_string_value(v) ? json_string_value(v) : "");
            ak_strs_push(&x->labels, kv);
            if (strcmp(k, "kubernetes.azure.com/node-image-version") == 0 && json_string_value(v))
                snprintf(x->image, sizeof(x->image), "%s", json_string_value(v));
        }
        json_t *status = json_object_get(x->node, "status");
        size_t i;
        json_array_foreach(json_object_get(status, "addresses"), i, v)
        {
            if (ak_streq(ak_json_str(v, "type"), "InternalIP"))
                snprintf(x->ip, sizeof(x->ip), "%s", ak_json_str(v, "address"));
        }
        const char *kv = ak_json_str(json_object_get(status, "nodeInfo"), "kernelVersion");
        if (kv)
            snprintf(x->kernel, sizeof(x->kernel), "%s", kv);
        if (!f->cse_exit_code && node->created_ms > in->created_ms)
            f->provisioned_ms = node->created_ms;
        facts_events(x, kc->ks);
        /* the disk model, as the kubelet's summary API has it */
        json_t *sum = ak_kctrl_node_summary(kc, x->hostname);
        json_t *fs = json_object_get(json_object_get(sum, "node"), "fs");
        f->os_disk_size_bytes = json_integer_value(json_object_get(fs, "capacityBytes"));
        f->os_disk_used_bytes = json_integer_value(json_object_get(fs, "usedBytes"));
        json_decref(sum);
    }
    if (!f->os_disk_size_bytes)
        f->os_disk_size_bytes = (int64_t)f->os_disk_gb * 1000 * 1000 * 1000;
    if (!f->os_disk_used_bytes)
        f->os_disk_used_bytes = (int64_t)20 << 30;
    x->lab = ak_xcalloc(x->labels.n + 1, sizeof(char *));
    for (size_t i = 0; i < x->labels.n; i++)
        x->lab[i] = x->labels.v[i];
    x->tai = ak_xcalloc(x->taints.n + 1, sizeof(char *));
    for (size_t i = 0; i < x->taints.n; i++)
        x->tai[i] = x->taints.v[i];
    f->labels = x->lab;
    f->nlabels = x->labels.n;
    f->taints = x->tai;
    f->ntaints = x->taints.n;
    f->node_ip = x->ip[0] ? x->ip : NULL;
    f->kernel_version = x->kernel[0] ? x->kernel : NULL;
    f->events = x->ev;
    f->nevents = x->nev;
}

static void facts_release(struct facts *x)
{
    ak_strs_release(&x->labels);
    ak_strs_release(&x->taints);
    ak_strs_release(&x->evtext);
    free(x->lab);
    free(x->tai);
    free(x->ev);
    json_decref(x->node);
}

/* ------------------------------------------------------------------ VM runs */

static void vm_done(struct ak_sandbox *sb, const struct ak_sandbox_result *res, void *ud)
{
    (void)sb;
    struct run *r = ud;
    r->sb = NULL;
    r->pub.end_ms = now_ms(r->rc);
    if (res->rc != 0 && res->end == AK_SANDBOX_SETUP_FAILED) {
        run_fail(r, "VMExtensionProvisioningError",
                 "VM has reported a failure when processing extension 'RunCommandLinux'. Error message: "
                 "\"Enable failed: %s\".",
                 res->error);
        return;
    }
    if (res->end == AK_SANDBOX_TIMEOUT) {
        run_fail(r, "VMExtensionProvisioningTimeout",
                 "Provisioning of VM extension 'RunCommandLinux' has timed out. Extension installation may be "
                 "taking too long, or extension status could not be obtained.");
        return;
    }
    struct ak_buf b = AK_BUF_INIT(AK_BUF_UNLIMITED);
    ak_buf_printf(&b, "Enable succeeded: \n[stdout]\n");
    ak_buf_append(&b, res->out.data ? res->out.data : "", res->out.len);
    ak_buf_printf(&b, "\n[stderr]\n");
    ak_buf_append(&b, res->err.data ? res->err.data : "", res->err.len);
    json_t *st = json_object();
    ak_json_set_str(st, "code", "ProvisioningState/succeeded");
    ak_json_set_str(st, "level", "Info");
    ak_json_set_str(st, "displayStatus", "Provisioning succeeded");
    json_object_set_new(st, "message", text_json(b.data ? b.data : "", b.len));
    ak_buf_release(&b);
    r->pub.result = json_pack("{s:[o]}", "value", st);
    snprintf(r->pub.status, sizeof(r->pub.status), "Succeeded");
    ak_log(AK_LOG_INFO, "runcmd", "run %s on %s: %s (exit %d, %llu bytes out, %llu err)", r->pub.id, r->vm_id,
           ak_sandbox_end_str(res->end), res->exit_code, (unsigned long long)res->out.total,
           (unsigned long long)res->err.total);
}

/* Writes the node's files and the script, then starts the sandbox. */
static void vm_start(struct run *r, struct ak_instance *in)
{
    struct ak_runcmd *rc = r->rc;
    char root[4096], e[512];
    snprintf(root, sizeof(root), "%s/nodefs/%s/root", rc->data_dir, in->vm_id);
    if (mkdirs(root) != 0) {
        run_fail(r, "InternalServerError", "aksemu cannot create %s: %s", root, strerror(errno));
        return;
    }
    struct facts x;
    facts_build(rc, in, &x);
    int w = ak_nodefiles_write_tree(&x.f, root, e, sizeof(e));
    facts_release(&x);
    if (w < 0) {
        run_fail(r, "InternalServerError", "aksemu cannot write the node's files: %s", e);
        return;
    }
    /* the handler's sequence number and download directory */
    char seqf[4096];
    snprintf(seqf, sizeof(seqf), "%s/nodefs/%s/seq", rc->data_dir, in->vm_id);
    long seq = 0;
    FILE *sf = fopen(seqf, "r");
    if (sf) {
        if (fscanf(sf, "%ld", &seq) != 1)
            seq = 0;
        fclose(sf);
    }
    seq++;
    sf = fopen(seqf, "w");
    if (sf) {
        fprintf(sf, "%ld\n", seq);
        fclose(sf);
    }
    char dir[128], path[192];
    snprintf(dir, sizeof(dir), "/var/lib/waagent/run-command/download/%ld", seq);
    snprintf(path, sizeof(path), "%s/script.sh", dir);
    if (ak_nodefiles_write_file(root, path, r->command, strlen(r->command), 0500, e, sizeof(e)) < 0) {
        run_fail(r, "InternalServerError", "aksemu cannot write the script: %s", e);
        return;
    }
    char base[4096];
    snprintf(base, sizeof(base), "%s/nodefs/base", rc->data_dir);
    int64_t t = rc->timeout_ms ? rc->timeout_ms : dur(rc, VM_TIMEOUT_MS);
    const char *env[] = {"PATH=/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin", "LANG=en_US.UTF-8",
                         "HOME=/root", NULL};
    char hn[128];
    ak_node_name(in->pool->vmss_name, in->id, hn, sizeof(hn));
    struct ak_sandbox_spec spec = {
        .base_dir = base,
        .node_dir = root,
        .hostname = hn,
        .command = path,
        .workdir = dir,
        .env = env,
        .timeout_ms = t < 1000 ? 1000 : t,
        .max_output = VM_OUTPUT,
        .mem_bytes = (uint64_t)1 << 30,
    };
    if (ak_sandbox_start(rc->loop, &spec, vm_done, r, &r->sb, e, sizeof(e)) != 0)
        run_fail(r, "VMExtensionProvisioningError",
                 "VM has reported a failure when processing extension 'RunCommandLinux'. Error message: "
                 "\"Enable failed: %s\".",
                 e);
}

/* Waits for the instance to be able to run the command (provisioning, a reboot). */
static void vm_tick(struct ak_loop *loop, struct ak_timer *t, void *ud)
{
    (void)t;
    struct run *r = ud;
    struct ak_instance *in = instance_by_vm_id(r->rc, r->vm_id);
    if (!in || strcmp(in->prov_state, "Deleting") == 0 || strcmp(in->power, "deallocated") == 0 ||
        strcmp(in->power, "deallocating") == 0 || strcmp(in->power, "stopped") == 0) {
        run_fail(r, "OperationNotAllowed", "The operation requires the VM to be running (or set to run).");
        return;
    }
    if (in->disk_full) {
        run_fail(r, "VMExtensionProvisioningError",
                 "VM has reported a failure when processing extension 'RunCommandLinux'. Error message: "
                 "\"Enable failed: failed to write the script: write "
                 "/var/lib/waagent/run-command/download/script.sh: no space left on device\".");
        return;
    }
    bool ready = strcmp(in->prov_state, "Creating") != 0 && strcmp(in->power, "running") == 0 && !in->down_ms;
    if (ready) {
        vm_start(r, in);
        return;
    }
    if (now_ms(r->rc) >= r->deadline) {
        run_fail(r, "VMAgentStatusCommunicationError",
                 "VM '%s' has not reported status for VM agent or extensions. Please verify the VM has a running "
                 "VM agent and can establish outbound connections to Azure storage.",
                 r->pod);
        return;
    }
    ak_timer_start(loop, &r->timer, POLL_MS);
}

const struct ak_run *ak_runcmd_vm(struct ak_runcmd *rc, struct ak_instance *in, const json_t *script,
                                  const json_t *params, struct ak_err *err)
{
    if (strcmp(in->prov_state, "Deleting") == 0 || strcmp(in->power, "deallocated") == 0 ||
        strcmp(in->power, "deallocating") == 0 || strcmp(in->power, "stopped") == 0) {
        ak_err_set(err, 409, "OperationNotAllowed", "The operation requires the VM to be running (or set to run).");
        return NULL;
    }
    if (find_vm_run(rc, in->vm_id)) {
        ak_err_set(err, 409, "Conflict",
                   "Run command extension execution is in progress. Please wait for completion before invoking a "
                   "run command.");
        return NULL;
    }
    if (!base_ready(rc, err))
        return NULL;
    /* the script as the handler writes it: parameters exported and positional, CRLF -> LF */
    struct ak_buf b = AK_BUF_INIT(AK_BUF_UNLIMITED);
    size_t i;
    json_t *v;
    if (json_array_size(params)) {
        ak_buf_printf(&b, "export");
        json_array_foreach(params, i, v)
        {
            const char *n = ak_json_str(v, "name"), *val = ak_json_str(v, "value");
            ak_buf_printf(&b, " %s='", n ? n : "");
            for (const char *c = val ? val : ""; *c; c++)
                quote_char(&b, *c);
            ak_buf_printf(&b, "'");
        }
        ak_buf_printf(&b, "\nset --");
        json_array_foreach(params, i, v)
        {
            const char *val = ak_json_str(v, "value");
            ak_buf_printf(&b, " '");
            for (const char *c = val ? val : ""; *c; c++)
                quote_char(&b, *c);
            ak_buf_printf(&b, "'");
        }
        ak_buf_printf(&b, "\n");
    }
    json_array_foreach(script, i, v)
    {
        const char *line = json_string_value(v);
        for (const char *c = line ? line : ""; *c; c++)
            if (*c != '\r')
                ak_buf_append(&b, c, 1);
        ak_buf_printf(&b, "\n");
    }
    struct run *r = run_new(rc, AK_RUN_VM, in->pool->cluster->location);
    snprintf(r->vm_id, sizeof(r->vm_id), "%s", in->vm_id);
    ak_instance_vm_name(in->pool->vmss_name, in->id, r->pod, sizeof(r->pod));
    if (b.len > 256 * 1024) { /* RunCommandLinux writes nothing and runs nothing */
        ak_buf_release(&b);
        b = (struct ak_buf)AK_BUF_INIT(AK_BUF_UNLIMITED);
    }
    r->command = ak_xstrndup(ak_buf_cstr(&b), b.len);
    ak_buf_release(&b);
    /* an unresponsive VM (NotReady) answers nothing: the agent's error after a while */
    r->deadline = now_ms(rc) + dur(rc, 5 * 60 * 1000);
    ak_timer_init(&r->timer, vm_tick, r);
    ak_timer_start(rc->loop, &r->timer, 0);
    ak_log(AK_LOG_INFO, "runcmd", "run %s on instance %lld of %s", r->pub.id, (long long)in->id, in->pool->vmss_name);
    return &r->pub;
}

/* ------------------------------------------------------------------ AKS command invoke */

static struct ak_kcluster *run_kc(struct run *r)
{
    return ak_kworld_cluster(r->rc->w, r->kube_id);
}

static void aks_done(struct ak_sandbox *sb, const struct ak_sandbox_result *res, void *ud)
{
    (void)sb;
    struct run *r = ud;
    r->sb = NULL;
    struct ak_runcmd *rc = r->rc;
    int code = res->end == AK_SANDBOX_EXITED ? res->exit_code : 128 + (res->term_signal ? res->term_signal : 9);
    struct ak_kcluster *kc = run_kc(r);
    struct ak_kobj *pod = kc ? ak_kstore_get(kc->ks, AK_KIND_POD, CMD_NS, r->pod) : NULL;
    if (pod)
        ak_kctrl_pod_finish(kc, pod, code);
    if (kc)
        ak_kworld_commit(rc->w, NULL);
    rm_tree(r->dir);
    if (res->end == AK_SANDBOX_SETUP_FAILED) {
        run_fail(r, "KubernetesOperationError", "Failed to run command in managed cluster: %s", res->error);
        return;
    }
    struct ak_buf b = AK_BUF_INIT(AK_BUF_UNLIMITED);
    ak_buf_append(&b, res->out.data ? res->out.data : "", res->out.len);
    ak_buf_append(&b, res->err.data ? res->err.data : "", res->err.len);
    if (res->end == AK_SANDBOX_TIMEOUT)
        ak_buf_printf(&b, "command timed out after %llds\n", (long long)(res->duration_ms / 1000));
    json_t *logs = text_json(b.data ? b.data : "", b.len);
    ak_buf_release(&b);
    r->pub.end_ms = now_ms(rc);
    char t0[40], t1[40];
    ak_fmt_time(r->pub.start_ms, 0, t0);
    ak_fmt_time(r->pub.end_ms, 0, t1);
    r->pub.result = json_pack("{s:s,s:i,s:s,s:s,s:o}", "provisioningState", "Succeeded", "exitCode", code,
                              "startedAt", t0, "finishedAt", t1, "logs", logs);
    snprintf(r->pub.status, sizeof(r->pub.status), "Succeeded");
    ak_log(AK_LOG_INFO, "runcmd", "command %s: exit %d", r->pub.id, code);
}

static void aks_start(struct run *r)
{
    struct ak_runcmd *rc = r->rc;
    char e[512];
    snprintf(r->dir, sizeof(r->dir), "%s/nodefs/cmd-%s/root", rc->data_dir, r->pub.id);
    char kdir[4200];
    snprintf(kdir, sizeof(kdir), "%s/root/.kube", r->dir);
    if (mkdirs(kdir) != 0) {
        run_fail(r, "KubernetesOperationError", "aksemu cannot create %s: %s", kdir, strerror(errno));
        return;
    }
    const char *hosts = "127.0.0.1 localhost\n::1 localhost ip6-localhost ip6-loopback\n";
    if (ak_nodefiles_write_file(r->dir, "/etc/hosts", hosts, strlen(hosts), 0644, e, sizeof(e)) < 0 ||
        ak_nodefiles_write_file(r->dir, "/root/.kube/config", r->kubeconfig, strlen(r->kubeconfig), 0600, e,
                                sizeof(e)) < 0) {
        run_fail(r, "KubernetesOperationError", "aksemu cannot prepare the command: %s", e);
        return;
    }
    struct ak_buf cmd = AK_BUF_INIT(AK_BUF_UNLIMITED);
    if (r->context && *r->context) {
        size_t zl = 0;
        char *zip = ak_base64_decode(r->context, strlen(r->context), &zl);
        if (!zip) {
            ak_buf_release(&cmd);
            run_fail(r, "BadRequest", "The context is not valid base64.");
            return;
        }
        int wr = ak_nodefiles_write_file(r->dir, "/command-files/.context.zip", zip, zl, 0600, e, sizeof(e));
        free(zip);
        if (wr < 0) {
            ak_buf_release(&cmd);
            run_fail(r, "KubernetesOperationError", "aksemu cannot write the attached files: %s", e);
            return;
        }
        ak_buf_printf(&cmd, "unzip -oq .context.zip && rm -f .context.zip\n");
    }
    ak_buf_printf(&cmd, "%s\n", r->command);
    char base[4096];
    snprintf(base, sizeof(base), "%s/nodefs/base", rc->data_dir);
    struct ak_sandbox_bind binds[1];
    size_t nb = 0;
    if (rc->kubectl)
        binds[nb++] = (struct ak_sandbox_bind){rc->kubectl, "/usr/local/bin/kubectl"};
    const char *env[] = {"PATH=/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin",
                         "KUBECONFIG=/root/.kube/config", "HOME=/root", NULL};
    int64_t t = dur(rc, AKS_TIMEOUT_MS);
    struct ak_sandbox_spec spec = {
        .base_dir = base,
        .node_dir = r->dir,
        .hostname = r->pod,
        .command = ak_buf_cstr(&cmd),
        .workdir = "/command-files",
        .env = env,
        .binds = binds,
        .nbinds = nb,
        .flags = AK_SANDBOX_SHARE_NET,
        .timeout_ms = t < 5000 ? 5000 : t,
        .max_output = AKS_OUTPUT,
        .mem_bytes = (uint64_t)8 << 30, /* Go reserves address space; the pod's limit is 1Gi of memory */
        .max_procs = 256,
    };
    int rv = ak_sandbox_start(rc->loop, &spec, aks_done, r, &r->sb, e, sizeof(e));
    ak_buf_release(&cmd);
    if (rv != 0)
        run_fail(r, "KubernetesOperationError", "Failed to run command in managed cluster: %s", e);
}

static void aks_fail_start(struct run *r)
{
    run_fail(r, "KubernetesPerformanceError",
             "Failed to run command due to cluster perf issue, container command-%s in aks-command namespace did "
             "not start within 30s on your cluster, retry may helps. If issue persist, you may need to tune your "
             "cluster with better performance (larger node/paid tier).",
             r->pub.id);
    struct ak_kcluster *kc = run_kc(r);
    struct ak_kobj *pod = kc ? ak_kstore_get(kc->ks, AK_KIND_POD, CMD_NS, r->pod) : NULL;
    if (pod) {
        ak_kstore_delete(kc->ks, pod);
        ak_kworld_commit(r->rc->w, NULL);
    }
}

static void aks_tick(struct ak_loop *loop, struct ak_timer *t, void *ud)
{
    (void)t;
    struct run *r = ud;
    struct ak_kcluster *kc = run_kc(r);
    struct ak_kobj *pod = kc ? ak_kstore_get(kc->ks, AK_KIND_POD, CMD_NS, r->pod) : NULL;
    const struct ak_kpod *kp = pod ? ak_kpod_of(pod) : NULL;
    if (!kp || pod->deleted_ms) {
        run_fail(r, "KubernetesOperationError",
                 "Failed to run command in managed cluster due to kubernetes failure. details: pod %s/%s is gone",
                 CMD_NS, r->pod);
        return;
    }
    if (strcmp(kp->phase, "Running") == 0) {
        aks_start(r);
        return;
    }
    if (now_ms(r->rc) >= r->deadline) {
        aks_fail_start(r);
        return;
    }
    ak_timer_start(loop, &r->timer, POLL_MS);
}

static json_t *command_pod(const char *id, const char *name)
{
    json_t *tols = json_array();
    const char *keys[] = {"node.kubernetes.io/not-ready", "node.kubernetes.io/unreachable"};
    for (int k = 0; k < 2; k++)
        json_array_append_new(tols, json_pack("{s:s,s:s,s:s,s:i}", "key", keys[k], "operator", "Exists", "effect",
                                              "NoExecute", "tolerationSeconds", 300));
    char sa[48];
    snprintf(sa, sizeof(sa), "sa-%s", id);
    return json_pack("{s:{s:s,s:s,s:{s:s},s:{s:s}},s:{s:[{s:s,s:s,s:{s:{s:s,s:s},s:{s:s,s:s}}}],s:s,s:s,"
                     "s:o,s:i,s:s,s:b,s:i}}",
                     "metadata", "name", name, "namespace", CMD_NS, "labels", "createdBy", "aksemu",
                     "annotations", "aks.azure.com/runCommand", "true", "spec", "containers", "name",
                     "user-command", "image", CMD_IMAGE, "resources", "requests", "cpu", "200m", "memory", "500Mi",
                     "limits", "cpu", "500m", "memory", "1Gi", "restartPolicy", "Never", "serviceAccountName", sa,
                     "tolerations", tols, "priority", 0, "preemptionPolicy", "PreemptLowerPriority",
                     "enableServiceLinks", 1, "terminationGracePeriodSeconds", 30);
}

const struct ak_run *ak_runcmd_aks(struct ak_runcmd *rc, struct ak_cluster *cl, const char *command,
                                   const char *context, const char *kubeconfig, struct ak_err *err)
{
    if (!command || !*command) {
        ak_err_set(err, 400, "InvalidParameter", "The command must not be empty.");
        return NULL;
    }
    if (ak_streq(cl->power, "Stopped")) {
        ak_err_set(err, 400, "OperationNotAllowed", "Cannot run a command in a stopped managed cluster '%s'.",
                   cl->name);
        return NULL;
    }
    struct ak_kcluster *kc = ak_kworld_cluster(rc->w, cl->kube_id);
    if (!kc) {
        ak_err_set(err, 409, "OperationNotAllowed", "The managed cluster '%s' has no Kubernetes API yet.", cl->name);
        return NULL;
    }
    if (!base_ready(rc, err))
        return NULL;
    struct run *r = run_new(rc, AK_RUN_AKS, cl->location);
    snprintf(r->kube_id, sizeof(r->kube_id), "%s", cl->kube_id);
    snprintf(r->pod, sizeof(r->pod), "command-%s", r->pub.id);
    r->command = ak_xstrdup(command);
    r->context = ak_xstrdup(context ? context : "");
    r->kubeconfig = ak_xstrdup(kubeconfig);
    struct ak_err e2;
    if (!ak_kstore_get(kc->ks, AK_KIND_NAMESPACE, "", CMD_NS)) {
        json_t *ns = json_pack("{s:{s:s}}", "metadata", "name", CMD_NS);
        ak_kstore_create(kc->ks, AK_KIND_NAMESPACE, ns, NULL, &e2);
        json_decref(ns);
    }
    json_t *sa = json_pack("{s:{s:s+,s:s}}", "metadata", "name", "sa-", r->pub.id, "namespace", CMD_NS);
    ak_kstore_create(kc->ks, AK_KIND_SERVICEACCOUNT, sa, NULL, &e2);
    json_decref(sa);
    json_t *pod = command_pod(r->pub.id, r->pod);
    int crc = ak_kstore_create(kc->ks, AK_KIND_POD, pod, NULL, &e2);
    json_decref(pod);
    if (crc != 0) {
        run_fail(r, "KubernetesOperationError",
                 "Failed to run command in managed cluster due to kubernetes failure. details: %s", e2.message);
    } else {
        ak_kctrl_kick(kc);
        ak_kworld_commit(rc->w, NULL);
        r->deadline = now_ms(rc) + dur(rc, AKS_START_MS);
        ak_timer_init(&r->timer, aks_tick, r);
        ak_timer_start(rc->loop, &r->timer, POLL_MS);
    }
    ak_log(AK_LOG_INFO, "runcmd", "command %s in cluster %s: %s", r->pub.id, cl->name, command);
    return &r->pub;
}

/* ------------------------------------------------------------------ registry */

struct ak_runcmd *ak_runcmd_new(struct ak_kworld *w, const struct ak_runcmd_config *cfg)
{
    struct ak_runcmd *rc = ak_xcalloc(1, sizeof(*rc));
    rc->w = w;
    rc->st = ak_kworld_state(w);
    rc->loop = ak_kworld_loop(w);
    rc->data_dir = ak_xstrdup(cfg->data_dir ? cfg->data_dir : ".");
    rc->provision_ms = cfg->provision_ms;
    rc->timeout_ms = cfg->timeout_ms;
    rc->kubectl = cfg->kubectl ? ak_xstrdup(cfg->kubectl) : find_kubectl();
    return rc;
}

void ak_runcmd_free(struct ak_runcmd *rc)
{
    if (!rc)
        return;
    for (struct run *r = rc->runs, *n; r; r = n) {
        n = r->next;
        ak_timer_stop(rc->loop, &r->timer);
        if (r->sb)
            ak_sandbox_destroy(r->sb);
        if (r->pub.kind == AK_RUN_AKS)
            rm_tree(r->dir);
        run_free(r);
    }
    free(rc->data_dir);
    free(rc->kubectl);
    free(rc);
}

const struct ak_run *ak_runcmd_get(struct ak_runcmd *rc, const char *id)
{
    for (struct run *r = rc->runs; r; r = r->next)
        if (strcasecmp(r->pub.id, id) == 0)
            return &r->pub;
    return NULL;
}
