#include "ak_kpod.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "../state/ak_codec.h"
#include "../util/ak_mem.h"
#include "../util/ak_rand.h"
#include "../util/ak_time.h"
#include "../util/ak_banned.h"

struct ak_kpod *ak_kpod_of(const struct ak_kobj *o)
{
    return o && o->kind == AK_KIND_POD ? o->ext : NULL;
}

struct ak_knode *ak_knode_of(const struct ak_kobj *o)
{
    return o && o->kind == AK_KIND_NODE ? o->ext : NULL;
}

static int64_t tms(const json_t *v)
{
    int64_t ms;
    return json_is_string(v) && ak_parse_time(json_string_value(v), &ms) == 0 ? ms : 0;
}

static void put_time(struct ak_buf *b, int64_t ms)
{
    if (!ms) {
        ak_buf_puts(b, "null");
        return;
    }
    char t[40];
    ak_fmt_time(ms, 0, t);
    ak_buf_printf(b, "\"%s\"", t);
}

/* ------------------------------------------------------------------ pods */

static void pod_free(void *p)
{
    struct ak_kpod *x = p;
    if (!x)
        return;
    free(x->node);
    free(x->reason);
    free(x->message);
    free(x->nominated);
    free(x->sched_msg);
    for (int i = 0; i < x->nc; i++) {
        free(x->c[i].reason);
        free(x->c[i].last_reason);
    }
    /* the containers and their names and images live in x's own allocation */
    if (x->sched && x->sched_free)
        x->sched_free(x->sched);
    free(x);
}

static bool has_any_resource(const json_t *c, const char *which)
{
    json_t *r = json_object_get(json_object_get(c, "resources"), which);
    return json_is_object(r) && json_object_size(r) > 0;
}

static const char *qos_class(const json_t *spec)
{
    bool any = false, guaranteed = true;
    const char *lists[] = {"containers", "initContainers"};
    for (int l = 0; l < 2; l++) {
        size_t i;
        json_t *c;
        json_array_foreach(json_object_get(spec, lists[l]), i, c)
        {
            json_t *req = json_object_get(json_object_get(c, "resources"), "requests");
            json_t *lim = json_object_get(json_object_get(c, "resources"), "limits");
            if (has_any_resource(c, "requests") || has_any_resource(c, "limits"))
                any = true;
            const char *res[] = {"cpu", "memory"};
            for (int k = 0; k < 2; k++) {
                json_t *lv = json_object_get(lim, res[k]);
                json_t *rv = json_object_get(req, res[k]);
                if (!lv)
                    guaranteed = false;
                else if (rv && !json_equal(rv, lv))
                    guaranteed = false;
            }
        }
    }
    if (!any)
        return "BestEffort";
    return guaranteed ? "Guaranteed" : "Burstable";
}

static struct ak_kcontainer *find_container(struct ak_kpod *p, const char *name)
{
    for (int i = 0; i < p->nc; i++)
        if (strcmp(p->c[i].name, name) == 0)
            return &p->c[i];
    return NULL;
}

static int pod_split(struct ak_kobj *o, json_t *full, struct ak_err *err)
{
    (void)err;
    struct ak_kpod *old = o->ext;
    json_t *spec = json_object_get(full, "spec");
    json_t *st = json_object_get(full, "status");
    /* one allocation: the pod, its containers, their names and images */
    json_t *conts = json_object_get(spec, "containers");
    size_t ncs = json_array_size(conts), bytes = sizeof(struct ak_kpod) + ncs * sizeof(struct ak_kcontainer);
    for (size_t k = 0; k < ncs; k++) {
        const char *nm = ak_json_str(json_array_get(conts, k), "name"), *im = ak_json_str(json_array_get(conts, k), "image");
        bytes += (nm ? strlen(nm) : 0) + (im ? strlen(im) : 0) + 2;
    }
    struct ak_kpod *p = ak_xcalloc(1, bytes);
    static uint64_t content_seq;
    p->content_seq = ++content_seq;
    p->c = (struct ak_kcontainer *)(void *)(p + 1);
    char *strs = (char *)(p->c + ncs);
    const char *nn = ak_json_str(spec, "nodeName");
    p->node = ak_xstrdup(nn && *nn ? nn : NULL);
    json_object_del(spec, "nodeName");
    json_t *pr = json_object_get(spec, "priority");
    p->priority = json_is_integer(pr) ? (int32_t)json_integer_value(pr) : 0;
    p->daemonset = o->owner_kind && strcmp(o->owner_kind, "DaemonSet") == 0;
    snprintf(p->qos, sizeof(p->qos), "%s", qos_class(spec));
    size_t ng = json_array_size(json_object_get(spec, "readinessGates"));
    p->gates = (uint16_t)(ng > 65535 ? 65535 : ng);
    size_t i;
    json_t *c;
    json_array_foreach(conts, i, c)
    {
        const char *nm = ak_json_str(c, "name") ? ak_json_str(c, "name") : "";
        const char *im = ak_json_str(c, "image") ? ak_json_str(c, "image") : "";
        size_t ln = strlen(nm), li = strlen(im);
        memcpy(strs, nm, ln + 1);
        p->c[p->nc].name = strs;
        strs += ln + 1;
        memcpy(strs, im, li + 1);
        p->c[p->nc].image = strs;
        strs += li + 1;
        p->nc++;
    }
    /* status (present on load, on pods/status writes and on updates of the main resource,
     * where the API layer puts the current status back) */
    const char *phase = ak_json_str(st, "phase");
    snprintf(p->phase, sizeof(p->phase), "%s", phase && *phase ? phase : "Pending");
    p->reason = ak_xstrdup(ak_json_str(st, "reason"));
    p->message = ak_xstrdup(ak_json_str(st, "message"));
    p->nominated = ak_xstrdup(ak_json_str(st, "nominatedNodeName"));
    snprintf(p->pod_ip, sizeof(p->pod_ip), "%s", ak_json_str(st, "podIP") ? ak_json_str(st, "podIP") : "");
    snprintf(p->host_ip, sizeof(p->host_ip), "%s",
             ak_json_str(st, "hostIP") ? ak_json_str(st, "hostIP") : "");
    p->started_ms = tms(json_object_get(st, "startTime"));
    json_t *cond;
    json_array_foreach(json_object_get(st, "conditions"), i, cond)
    {
        const char *type = ak_json_str(cond, "type");
        const char *status = ak_json_str(cond, "status");
        int64_t t = tms(json_object_get(cond, "lastTransitionTime"));
        if (!type || !status)
            continue;
        if (strcmp(type, "PodScheduled") == 0) {
            if (strcmp(status, "True") == 0) {
                p->scheduled_ms = t;
            } else {
                p->sched_failed = true;
                p->sched_failed_ms = t;
                p->sched_msg = ak_xstrdup(ak_json_str(cond, "message"));
            }
        } else if (strcmp(type, "Ready") == 0 && strcmp(status, "True") == 0) {
            p->ready_ms = t;
        }
    }
    json_t *cs;
    json_array_foreach(json_object_get(st, "containerStatuses"), i, cs)
    {
        struct ak_kcontainer *k = find_container(p, ak_json_str(cs, "name") ? ak_json_str(cs, "name") : "");
        if (!k)
            continue;
        k->ready = json_is_true(json_object_get(cs, "ready"));
        json_t *rc = json_object_get(cs, "restartCount");
        k->restarts = json_is_integer(rc) ? (int)json_integer_value(rc) : 0;
        json_t *state = json_object_get(cs, "state");
        json_t *run = json_object_get(state, "running");
        json_t *term = json_object_get(state, "terminated");
        json_t *wait = json_object_get(state, "waiting");
        if (run)
            k->started_ms = tms(json_object_get(run, "startedAt"));
        if (term) {
            k->exit_code = (int)json_integer_value(json_object_get(term, "exitCode"));
            k->reason = ak_xstrdup(ak_json_str(term, "reason"));
            k->started_ms = tms(json_object_get(term, "startedAt"));
            p->finished_ms = tms(json_object_get(term, "finishedAt"));
        }
        if (wait) {
            k->reason = ak_xstrdup(ak_json_str(wait, "reason"));
            if (ak_streq(k->reason, "CrashLoopBackOff")) {
                k->crashloop = true;
                const char *m = ak_json_str(wait, "message");
                int bs = 0;
                if (m && sscanf(m, "back-off %ds", &bs) == 1)
                    k->backoff_s = bs;
                else if (m && sscanf(m, "back-off %dm", &bs) == 1)
                    k->backoff_s = bs * 60;
            }
        }
        json_t *lt = json_object_get(json_object_get(cs, "lastState"), "terminated");
        if (lt) {
            k->last_reason = ak_xstrdup(ak_json_str(lt, "reason") ? ak_json_str(lt, "reason") : "Error");
            k->last_exit = (int)json_integer_value(json_object_get(lt, "exitCode"));
            k->last_started_ms = tms(json_object_get(lt, "startedAt"));
            k->last_finished_ms = tms(json_object_get(lt, "finishedAt"));
        }
    }
    if (old) {
        /* scheduler bookkeeping survives content updates */
        p->sched = old->sched;
        p->sched_free = old->sched_free;
        old->sched = NULL;
        pod_free(old);
    }
    json_object_del(full, "status");
    o->ext = p;
    return 0;
}

static bool pod_inject(const struct ak_kobj *o, struct ak_buf *b, int64_t now)
{
    (void)now;
    const struct ak_kpod *p = o->ext;
    if (!p || !p->node)
        return false;
    ak_buf_puts(b, "\"nodeName\":");
    ak_buf_json_str(b, p->node);
    return true;
}

static void cond(struct ak_buf *b, bool *first, const char *type, bool status, int64_t t,
                 const char *reason, const char *message)
{
    ak_buf_puts(b, *first ? "" : ",");
    *first = false;
    ak_buf_printf(b, "{\"type\":\"%s\",\"status\":\"%s\",\"lastProbeTime\":null,\"lastTransitionTime\":",
                  type, status ? "True" : "False");
    put_time(b, t);
    if (reason)
        ak_buf_printf(b, ",\"reason\":\"%s\"", reason);
    if (message) {
        ak_buf_puts(b, ",\"message\":");
        ak_buf_json_str(b, message);
    }
    ak_buf_putc(b, '}');
}

static void container_id(const struct ak_kobj *o, const struct ak_kcontainer *c, char out[80])
{
    /* stable per pod uid and container name */
    char key[200];
    int n = snprintf(key, sizeof(key), "%s/%s", o->uid, c->name);
    uint64_t h1 = ak_hash64(key, (unsigned long)n), h2 = ak_hash64(&h1, sizeof(h1));
    uint64_t h3 = ak_hash64(&h2, sizeof(h2)), h4 = ak_hash64(&h3, sizeof(h3));
    snprintf(out, 80, "containerd://%016llx%016llx%016llx%016llx", (unsigned long long)h1,
             (unsigned long long)h2, (unsigned long long)h3, (unsigned long long)h4);
}

static void pod_render(const struct ak_kobj *o, struct ak_buf *b, int64_t now)
{
    (void)now;
    const struct ak_kpod *p = o->ext;
    if (!p)
        return;
    bool running = strcmp(p->phase, "Running") == 0;
    bool done = strcmp(p->phase, "Succeeded") == 0 || strcmp(p->phase, "Failed") == 0;
    ak_buf_printf(b, ",\"status\":{\"phase\":\"%s\"", p->phase);
    if (p->reason) {
        ak_buf_puts(b, ",\"reason\":");
        ak_buf_json_str(b, p->reason);
    }
    if (p->message) {
        ak_buf_puts(b, ",\"message\":");
        ak_buf_json_str(b, p->message);
    }
    ak_buf_puts(b, ",\"conditions\":[");
    bool first = true;
    if (p->scheduled_ms) {
        bool started = running || done;
        cond(b, &first, "PodReadyToStartContainers", started || p->started_ms, p->started_ms ? p->started_ms : p->scheduled_ms, NULL, NULL);
        cond(b, &first, "Initialized", true, p->scheduled_ms, done ? "PodCompleted" : NULL, NULL);
        bool ready = running && p->ready_ms;
        const char *nr = done ? "PodCompleted" : "ContainersNotReady";
        char msg[512] = "";
        if (!ready && !done) {
            size_t l = 0;
            l += (size_t)snprintf(msg, sizeof(msg), "containers with unready status: [");
            for (int i = 0; i < p->nc && l < sizeof(msg); i++)
                l += (size_t)snprintf(msg + l, sizeof(msg) - l, "%s%s", i ? " " : "", p->c[i].name);
            if (l < sizeof(msg))
                snprintf(msg + l, sizeof(msg) - l, "]");
        }
        int64_t rt = ready ? p->ready_ms : (p->finished_ms ? p->finished_ms : p->scheduled_ms);
        cond(b, &first, "Ready", ready, rt, ready ? NULL : nr, ready || done ? NULL : msg);
        cond(b, &first, "ContainersReady", ready, rt, ready ? NULL : nr, ready || done ? NULL : msg);
        cond(b, &first, "PodScheduled", true, p->scheduled_ms, NULL, NULL);
    } else if (p->sched_failed) {
        cond(b, &first, "PodScheduled", false, p->sched_failed_ms, "Unschedulable", p->sched_msg);
    }
    ak_buf_putc(b, ']');
    if (p->host_ip[0])
        ak_buf_printf(b, ",\"hostIP\":\"%s\",\"hostIPs\":[{\"ip\":\"%s\"}]", p->host_ip, p->host_ip);
    if (p->pod_ip[0])
        ak_buf_printf(b, ",\"podIP\":\"%s\",\"podIPs\":[{\"ip\":\"%s\"}]", p->pod_ip, p->pod_ip);
    if (p->nominated) {
        ak_buf_puts(b, ",\"nominatedNodeName\":");
        ak_buf_json_str(b, p->nominated);
    }
    if (p->started_ms) {
        ak_buf_puts(b, ",\"startTime\":");
        put_time(b, p->started_ms);
    }
    if (p->scheduled_ms) {
        ak_buf_puts(b, ",\"containerStatuses\":[");
        for (int i = 0; i < p->nc; i++) {
            const struct ak_kcontainer *k = &p->c[i];
            char cid[80];
            container_id(o, k, cid);
            ak_buf_puts(b, i ? ",{\"name\":" : "{\"name\":");
            ak_buf_json_str(b, k->name);
            ak_buf_puts(b, ",\"state\":{");
            if (running && k->crashloop) {
                ak_buf_puts(b, "\"waiting\":{\"reason\":\"CrashLoopBackOff\",\"message\":");
                char m[600], bo[16];
                if (k->backoff_s >= 60 && k->backoff_s % 60 == 0)
                    snprintf(bo, sizeof(bo), "%dm0s", k->backoff_s / 60);
                else
                    snprintf(bo, sizeof(bo), "%ds", k->backoff_s);
                snprintf(m, sizeof(m), "back-off %s restarting failed container=%s pod=%s_%s(%s)", bo, k->name,
                         o->name, o->ns, o->uid);
                ak_buf_json_str(b, m);
                ak_buf_putc(b, '}');
            } else if (running && k->started_ms) {
                ak_buf_puts(b, "\"running\":{\"startedAt\":");
                put_time(b, k->started_ms);
                ak_buf_putc(b, '}');
            } else if (done) {
                ak_buf_printf(b, "\"terminated\":{\"exitCode\":%d,\"reason\":", k->exit_code);
                ak_buf_json_str(b, k->reason ? k->reason : (k->exit_code ? "Error" : "Completed"));
                ak_buf_puts(b, ",\"startedAt\":");
                put_time(b, k->started_ms ? k->started_ms : p->started_ms);
                ak_buf_puts(b, ",\"finishedAt\":");
                put_time(b, p->finished_ms);
                ak_buf_printf(b, ",\"containerID\":\"%s\"}", cid);
            } else {
                ak_buf_puts(b, "\"waiting\":{\"reason\":");
                ak_buf_json_str(b, k->reason ? k->reason : "ContainerCreating");
                ak_buf_putc(b, '}');
            }
            ak_buf_puts(b, "},\"lastState\":{");
            if (k->last_reason) {
                ak_buf_printf(b, "\"terminated\":{\"exitCode\":%d,\"reason\":", k->last_exit);
                ak_buf_json_str(b, k->last_reason);
                ak_buf_puts(b, ",\"startedAt\":");
                put_time(b, k->last_started_ms);
                ak_buf_puts(b, ",\"finishedAt\":");
                put_time(b, k->last_finished_ms);
                ak_buf_printf(b, ",\"containerID\":\"%s\"}", cid);
            }
            ak_buf_printf(b, "},\"ready\":%s,\"restartCount\":%d,\"image\":",
                          k->ready && running && !k->crashloop ? "true" : "false", k->restarts);
            ak_buf_json_str(b, k->image);
            ak_buf_puts(b, ",\"imageID\":\"\"");
            if (running || done)
                ak_buf_printf(b, ",\"containerID\":\"%s\"", cid);
            ak_buf_printf(b, ",\"started\":%s}", running && k->started_ms ? "true" : "false");
        }
        ak_buf_putc(b, ']');
    }
    ak_buf_printf(b, ",\"qosClass\":\"%s\"}", p->qos);
}

/* ------------------------------------------------------------------ nodes */

static void node_free(void *p)
{
    struct ak_knode *n = p;
    if (!n)
        return;
    free(n->pool);
    free(n->ready_message);
    free(n->xconds);
    free(n);
}

static void cpy(char *dst, size_t n, const char *src)
{
    snprintf(dst, n, "%s", src ? src : "");
}

static int node_split(struct ak_kobj *o, json_t *full, struct ak_err *err)
{
    (void)err;
    struct ak_knode *old = o->ext;
    struct ak_knode *n = ak_xcalloc(1, sizeof(*n));
    json_t *st = json_object_get(full, "status");
    json_t *meta = json_object_get(full, "metadata");
    json_t *labels = json_object_get(meta, "labels");
    n->unschedulable = json_is_true(json_object_get(json_object_get(full, "spec"), "unschedulable"));
    n->pool = ak_xstrdup(ak_json_str(labels, "agentpool"));
    n->windows = ak_streq(ak_json_str(labels, "kubernetes.io/os"), "windows");
    json_t *cap = json_object_get(st, "capacity");
    json_t *alloc = json_object_get(st, "allocatable");
    cpy(n->cpu, sizeof(n->cpu), ak_json_str(cap, "cpu"));
    cpy(n->memory, sizeof(n->memory), ak_json_str(cap, "memory"));
    cpy(n->ephemeral, sizeof(n->ephemeral), ak_json_str(cap, "ephemeral-storage"));
    cpy(n->pods, sizeof(n->pods), ak_json_str(cap, "pods"));
    cpy(n->gpus, sizeof(n->gpus), ak_json_str(cap, "nvidia.com/gpu"));
    cpy(n->a_cpu, sizeof(n->a_cpu), ak_json_str(alloc, "cpu"));
    cpy(n->a_memory, sizeof(n->a_memory), ak_json_str(alloc, "memory"));
    cpy(n->a_ephemeral, sizeof(n->a_ephemeral), ak_json_str(alloc, "ephemeral-storage"));
    size_t i;
    json_t *c;
    json_t *xc = NULL;
    json_array_foreach(json_object_get(st, "conditions"), i, c)
    {
        const char *type = ak_json_str(c, "type"), *status = ak_json_str(c, "status");
        if (!type || !status)
            continue;
        bool t = strcmp(status, "True") == 0;
        if (strcmp(type, "Ready") == 0) {
            n->has_ready = true;
            n->ready = t;
            n->unknown = strcmp(status, "Unknown") == 0;
            cpy(n->ready_reason, sizeof(n->ready_reason), ak_json_str(c, "reason"));
            n->ready_message = ak_xstrdup(ak_json_str(c, "message"));
            n->ready_since_ms = tms(json_object_get(c, "lastTransitionTime"));
        } else if (strcmp(type, "MemoryPressure") == 0) {
            n->memory_pressure = t;
        } else if (strcmp(type, "DiskPressure") == 0) {
            n->disk_pressure = t;
        } else if (strcmp(type, "PIDPressure") == 0) {
            n->pid_pressure = t;
        } else {
            if (!xc)
                xc = json_array();
            json_array_append(xc, c);
        }
    }
    if (xc) {
        n->xconds = json_dumps(xc, JSON_COMPACT);
        json_decref(xc);
    }
    json_t *a;
    json_array_foreach(json_object_get(st, "addresses"), i, a)
    {
        if (ak_streq(ak_json_str(a, "type"), "InternalIP"))
            cpy(n->internal_ip, sizeof(n->internal_ip), ak_json_str(a, "address"));
    }
    json_t *ni = json_object_get(st, "nodeInfo");
    cpy(n->kubelet_version, sizeof(n->kubelet_version), ak_json_str(ni, "kubeletVersion"));
    cpy(n->os_image, sizeof(n->os_image), ak_json_str(ni, "osImage"));
    cpy(n->kernel, sizeof(n->kernel), ak_json_str(ni, "kernelVersion"));
    cpy(n->runtime, sizeof(n->runtime), ak_json_str(ni, "containerRuntimeVersion"));
    cpy(n->machine_id, sizeof(n->machine_id), ak_json_str(ni, "machineID"));
    cpy(n->system_uuid, sizeof(n->system_uuid), ak_json_str(ni, "systemUUID"));
    cpy(n->boot_id, sizeof(n->boot_id), ak_json_str(ni, "bootID"));
    if (old) {
        n->instance = old->instance;
        n->heartbeat_ms = old->heartbeat_ms;
        n->seen_gen = old->seen_gen;
        n->pressure_since_ms = old->pressure_since_ms;
        node_free(old);
    }
    json_object_del(full, "status");
    o->ext = n;
    return 0;
}

static void node_res(struct ak_buf *b, const char *cpu, const char *eph, const char *mem,
                     const char *pods, const char *gpus)
{
    ak_buf_printf(b, "{\"cpu\":\"%s\",\"ephemeral-storage\":\"%s\",\"hugepages-1Gi\":\"0\","
                     "\"hugepages-2Mi\":\"0\",\"memory\":\"%s\"",
                  cpu, eph, mem);
    if (gpus && *gpus && strcmp(gpus, "0") != 0)
        ak_buf_printf(b, ",\"nvidia.com/gpu\":\"%s\"", gpus);
    ak_buf_printf(b, ",\"pods\":\"%s\"}", pods);
}

static void ncond(struct ak_buf *b, bool first, const char *type, int status, int64_t hb,
                  int64_t lt, const char *reason, const char *msg)
{
    ak_buf_printf(b, "%s{\"type\":\"%s\",\"status\":\"%s\",\"lastHeartbeatTime\":", first ? "" : ",",
                  type, status < 0 ? "Unknown" : status ? "True" : "False");
    put_time(b, hb);
    ak_buf_puts(b, ",\"lastTransitionTime\":");
    put_time(b, lt);
    ak_buf_printf(b, ",\"reason\":\"%s\",\"message\":", reason);
    ak_buf_json_str(b, msg);
    ak_buf_putc(b, '}');
}

static void node_render(const struct ak_kobj *o, struct ak_buf *b, int64_t now)
{
    const struct ak_knode *n = o->ext;
    if (!n)
        return;
    /* a healthy kubelet posts status every few seconds: show a heartbeat within the last 10 s */
    int64_t hb = n->heartbeat_ms ? n->heartbeat_ms : now - now % 10000;
    int64_t lt = n->ready_since_ms ? n->ready_since_ms : o->created_ms;
    int64_t pt = n->pressure_since_ms ? n->pressure_since_ms : o->created_ms;
    ak_buf_puts(b, ",\"status\":{\"capacity\":");
    node_res(b, n->cpu, n->ephemeral, n->memory, n->pods, n->gpus);
    ak_buf_puts(b, ",\"allocatable\":");
    node_res(b, n->a_cpu, n->a_ephemeral, n->a_memory, n->pods, n->gpus);
    ak_buf_puts(b, ",\"conditions\":[");
    if (n->xconds && n->xconds[0] == '[' && n->xconds[1] != ']') {
        /* node-problem-detector's conditions come first, as on AKS */
        size_t xl = strlen(n->xconds);
        ak_buf_append(b, n->xconds + 1, xl - 2);
        ak_buf_putc(b, ',');
    }
    if (n->unknown) {
        static const char *const types[] = {"MemoryPressure", "DiskPressure", "PIDPressure", "Ready"};
        for (int k = 0; k < 4; k++)
            ncond(b, k == 0, types[k], -1, hb, lt, "NodeStatusUnknown", "Kubelet stopped posting node status.");
        goto addresses;
    }
    ncond(b, true, "MemoryPressure", n->memory_pressure, hb, pt,
          n->memory_pressure ? "KubeletHasInsufficientMemory" : "KubeletHasSufficientMemory",
          n->memory_pressure ? "kubelet has insufficient memory available"
                             : "kubelet has sufficient memory available");
    ncond(b, false, "DiskPressure", n->disk_pressure, hb, pt,
          n->disk_pressure ? "KubeletHasDiskPressure" : "KubeletHasNoDiskPressure",
          n->disk_pressure ? "kubelet has disk pressure" : "kubelet has no disk pressure");
    ncond(b, false, "PIDPressure", n->pid_pressure, hb, pt,
          n->pid_pressure ? "KubeletHasInsufficientPID" : "KubeletHasSufficientPID",
          n->pid_pressure ? "kubelet has insufficient PID available"
                          : "kubelet has sufficient PID available");
    const char *rr = n->ready_reason[0] ? n->ready_reason : n->ready ? "KubeletReady" : "KubeletNotReady";
    const char *rm = n->ready_message ? n->ready_message
                     : n->ready        ? "kubelet is posting ready status"
                                       : "container runtime network not ready";
    ncond(b, false, "Ready", n->ready, hb, lt, rr, rm);
addresses:
    ak_buf_puts(b, "],\"addresses\":[");
    if (n->internal_ip[0])
        ak_buf_printf(b, "{\"type\":\"InternalIP\",\"address\":\"%s\"},", n->internal_ip);
    ak_buf_puts(b, "{\"type\":\"Hostname\",\"address\":");
    ak_buf_json_str(b, o->name);
    ak_buf_puts(b, "}],\"daemonEndpoints\":{\"kubeletEndpoint\":{\"Port\":10250}},\"nodeInfo\":{");
    ak_buf_printf(b,
                  "\"machineID\":\"%s\",\"systemUUID\":\"%s\",\"bootID\":\"%s\","
                  "\"kernelVersion\":\"%s\",\"osImage\":\"%s\",\"containerRuntimeVersion\":\"%s\","
                  "\"kubeletVersion\":\"%s\",\"kubeProxyVersion\":\"\",\"operatingSystem\":\"%s\","
                  "\"architecture\":\"amd64\"}}",
                  n->machine_id, n->system_uuid, n->boot_id, n->kernel, n->os_image, n->runtime,
                  n->kubelet_version, n->windows ? "windows" : "linux");
}

/* ------------------------------------------------------------------ leases */

/* A node's lease in kube-node-lease is renewed every 10 s while its kubelet is healthy:
 * renewTime is rendered from the node's state instead of being written every 10 s. */
static bool lease_inject(const struct ak_kobj *o, struct ak_buf *b, int64_t now)
{
    if (strcmp(o->ns, "kube-node-lease") != 0)
        return false;
    struct ak_kobj *node = ak_kstore_get(o->store, AK_KIND_NODE, "", o->name);
    const struct ak_knode *n = ak_knode_of(node);
    if (!n)
        return false;
    int64_t t = n->heartbeat_ms ? n->heartbeat_ms : now - now % 10000;
    char ts[40];
    ak_fmt_time(t, 1, ts);
    /* MicroTime: 6 fractional digits */
    char micro[40];
    snprintf(micro, sizeof(micro), "%.*s000Z", 23, ts);
    ak_buf_printf(b, "\"renewTime\":\"%s\"", micro);
    return true;
}

void ak_kpod_register(void)
{
    static bool done;
    if (done)
        return;
    done = true;
    struct ak_kind_ops pod = {pod_split, pod_render, pod_inject, pod_free};
    ak_kind_set_ops(AK_KIND_POD, &pod);
    struct ak_kind_ops node = {node_split, node_render, NULL, node_free};
    ak_kind_set_ops(AK_KIND_NODE, &node);
    struct ak_kind_ops lease = {NULL, NULL, lease_inject, NULL};
    ak_kind_set_ops(AK_KIND_LEASE, &lease);
}
