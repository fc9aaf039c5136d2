#include "ak_ktable.h"
#include "ak_kpod.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "../state/ak_codec.h"
#include "../util/ak_buf.h"
#include "../util/ak_mem.h"
#include "../util/ak_str.h"
#include "../util/ak_time.h"
#include "../util/ak_banned.h"

void ak_human_duration(int64_t ms, char *out, size_t n)
{
    int64_t s = ms / 1000;
    if (ms < -1000) {
        snprintf(out, n, "<invalid>");
        return;
    }
    if (s < 0) {
        snprintf(out, n, "0s");
        return;
    }
    if (s < 120) {
        snprintf(out, n, "%llds", (long long)s);
        return;
    }
    int64_t min = s / 60;
    if (min < 10) {
        if (s % 60 == 0)
            snprintf(out, n, "%lldm", (long long)min);
        else
            snprintf(out, n, "%lldm%llds", (long long)min, (long long)(s % 60));
        return;
    }
    if (min < 180) {
        snprintf(out, n, "%lldm", (long long)min);
        return;
    }
    int64_t h = s / 3600;
    if (h < 8) {
        if (min % 60 == 0)
            snprintf(out, n, "%lldh", (long long)h);
        else
            snprintf(out, n, "%lldh%lldm", (long long)h, (long long)(min % 60));
        return;
    }
    if (h < 48) {
        snprintf(out, n, "%lldh", (long long)h);
        return;
    }
    if (h < 192) {
        if (h % 24 == 0)
            snprintf(out, n, "%lldd", (long long)(h / 24));
        else
            snprintf(out, n, "%lldd%lldh", (long long)(h / 24), (long long)(h % 24));
        return;
    }
    if (h < 24 * 365 * 2) {
        snprintf(out, n, "%lldd", (long long)(h / 24));
        return;
    }
    int64_t days = h / 24;
    if (h < 24 * 365 * 8) {
        if (days % 365 == 0)
            snprintf(out, n, "%lldy", (long long)(days / 365));
        else
            snprintf(out, n, "%lldy%lldd", (long long)(days / 365), (long long)(days % 365));
        return;
    }
    snprintf(out, n, "%lldy", (long long)(days / 365));
}

void ak_age(const char *t, int64_t now, char *out, size_t n)
{
    int64_t ms;
    if (!t || ak_parse_time(t, &ms) != 0) {
        snprintf(out, n, "<unknown>");
        return;
    }
    ak_human_duration(now - ms, out, n);
}

static json_t *col(const char *name, const char *type, const char *format, int priority,
                   const char *desc)
{
    return json_pack("{s:s,s:s,s:s,s:s,s:i}", "name", name, "type", type, "format", format,
                     "description", desc, "priority", priority);
}

static const char *S(const json_t *o, const char *path)
{
    /* dotted path lookup of a string */
    char buf[128];
    snprintf(buf, sizeof(buf), "%s", path);
    const json_t *cur = o;
    char *save = NULL;
    for (char *tok = strtok_r(buf, ".", &save); tok && cur; tok = strtok_r(NULL, ".", &save))
        cur = json_object_get(cur, tok);
    return json_is_string(cur) ? json_string_value(cur) : NULL;
}

static json_int_t I(const json_t *o, const char *path)
{
    char buf[128];
    snprintf(buf, sizeof(buf), "%s", path);
    const json_t *cur = o;
    char *save = NULL;
    for (char *tok = strtok_r(buf, ".", &save); tok && cur; tok = strtok_r(NULL, ".", &save))
        cur = json_object_get(cur, tok);
    return json_is_integer(cur) ? json_integer_value(cur) : 0;
}

static json_t *J(const json_t *o, const char *path)
{
    char buf[128];
    snprintf(buf, sizeof(buf), "%s", path);
    json_t *cur = (json_t *)o;
    char *save = NULL;
    for (char *tok = strtok_r(buf, ".", &save); tok && cur; tok = strtok_r(NULL, ".", &save))
        cur = json_object_get(cur, tok);
    return cur;
}

static const char *or_none(const char *s)
{
    return s && *s ? s : "<none>";
}

static json_t *age_cell(const json_t *obj, int64_t now)
{
    char a[32];
    ak_age(S(obj, "metadata.creationTimestamp"), now, a, sizeof(a));
    return json_string(a);
}

/* metav1.FormatLabelSelector */
static void format_selector(const json_t *sel, struct ak_buf *b)
{
    if (!sel || json_is_null(sel)) {
        ak_buf_puts(b, "<none>");
        return;
    }
    bool first = true;
    const char *k;
    json_t *v;
    json_object_foreach(json_object_get(sel, "matchLabels"), k, v)
    {
        ak_buf_printf(b, "%s%s=%s", first ? "" : ",", k, json_string_value(v) ? json_string_value(v) : "");
        first = false;
    }
    size_t i;
    json_t *e;
    json_array_foreach(json_object_get(sel, "matchExpressions"), i, e)
    {
        const char *key = S(e, "key"), *op = S(e, "operator");
        if (!key || !op)
            continue;
        ak_buf_puts(b, first ? "" : ",");
        first = false;
        if (strcmp(op, "Exists") == 0) {
            ak_buf_puts(b, key);
        } else if (strcmp(op, "DoesNotExist") == 0) {
            ak_buf_printf(b, "!%s", key);
        } else {
            ak_buf_printf(b, "%s %s (", key, strcmp(op, "In") == 0 ? "in" : "notin");
            size_t j;
            json_t *val;
            json_array_foreach(json_object_get(e, "values"), j, val)
            {
                ak_buf_printf(b, "%s%s", j ? "," : "", json_string_value(val) ? json_string_value(val) : "");
            }
            ak_buf_putc(b, ')');
        }
    }
    if (first)
        ak_buf_puts(b, "<none>");
}

static json_t *selector_cell(const json_t *sel)
{
    struct ak_buf b = AK_BUF_INIT(1 << 20);
    format_selector(sel, &b);
    json_t *s = json_string(ak_buf_cstr(&b));
    ak_buf_release(&b);
    return s;
}

static void containers_images(const json_t *podspec, json_t **cnames, json_t **images)
{
    struct ak_buf n = AK_BUF_INIT(1 << 20), im = AK_BUF_INIT(1 << 20);
    size_t i;
    json_t *c;
    json_array_foreach(json_object_get(podspec, "containers"), i, c)
    {
        ak_buf_printf(&n, "%s%s", i ? "," : "", S(c, "name") ? S(c, "name") : "");
        ak_buf_printf(&im, "%s%s", i ? "," : "", S(c, "image") ? S(c, "image") : "");
    }
    *cnames = json_string(ak_buf_cstr(&n));
    *images = json_string(ak_buf_cstr(&im));
    ak_buf_release(&n);
    ak_buf_release(&im);
}

/* ---- nodes ---- */

static json_t *node_cells(const json_t *o, int64_t now)
{
    const char *status = "Unknown";
    size_t i;
    json_t *c;
    json_array_foreach(J(o, "status.conditions"), i, c)
    {
        if (ak_streq(S(c, "type"), "Ready"))
            status = ak_streq(S(c, "status"), "True") ? "Ready" : "NotReady";
    }
    char st[64];
    snprintf(st, sizeof(st), "%s%s", status,
             json_is_true(J(o, "spec.unschedulable")) ? ",SchedulingDisabled" : "");
    /* roles: node-role.kubernetes.io/<role> suffixes and kubernetes.io/role */
    struct ak_strs roles = {0};
    const char *k;
    json_t *v;
    json_object_foreach(J(o, "metadata.labels"), k, v)
    {
        if (ak_starts_with(k, "node-role.kubernetes.io/") && k[24])
            ak_strs_push(&roles, k + 24);
        else if (strcmp(k, "kubernetes.io/role") == 0 && json_string_value(v) && *json_string_value(v))
            ak_strs_push(&roles, json_string_value(v));
    }
    /* sorted unique */
    for (size_t a = 0; a < roles.n; a++)
        for (size_t b = a + 1; b < roles.n; b++)
            if (strcmp(roles.v[b], roles.v[a]) < 0) {
                char *t = roles.v[a];
                roles.v[a] = roles.v[b];
                roles.v[b] = t;
            }
    struct ak_buf rb = AK_BUF_INIT(4096);
    for (size_t a = 0; a < roles.n; a++) {
        if (a && strcmp(roles.v[a], roles.v[a - 1]) == 0)
            continue;
        ak_buf_printf(&rb, "%s%s", rb.len ? "," : "", roles.v[a]);
    }
    ak_strs_release(&roles);
    const char *iip = NULL, *eip = NULL;
    json_t *a;
    json_array_foreach(J(o, "status.addresses"), i, a)
    {
        if (!iip && ak_streq(S(a, "type"), "InternalIP"))
            iip = S(a, "address");
        if (!eip && ak_streq(S(a, "type"), "ExternalIP"))
            eip = S(a, "address");
    }
    const char *os = S(o, "status.nodeInfo.osImage"), *kv = S(o, "status.nodeInfo.kernelVersion"),
               *cr = S(o, "status.nodeInfo.containerRuntimeVersion");
    json_t *cells = json_pack("[s,s,s,o,s,s,s,s,s,s]", S(o, "metadata.name"), st,
                              rb.len ? ak_buf_cstr(&rb) : "<none>", age_cell(o, now),
                              S(o, "status.nodeInfo.kubeletVersion") ? S(o, "status.nodeInfo.kubeletVersion") : "",
                              or_none(iip), or_none(eip), os && *os ? os : "<unknown>",
                              kv && *kv ? kv : "<unknown>", cr && *cr ? cr : "<unknown>");
    ak_buf_release(&rb);
    return cells;
}

/* ---- pods (printPod) ---- */

static json_t *pod_cells(const json_t *o, int64_t now)
{
    json_t *spec = J(o, "spec"), *st = J(o, "status");
    int total = (int)json_array_size(json_object_get(spec, "containers"));
    int ready = 0;
    long restarts = 0;
    const char *reason = S(st, "reason") ? S(st, "reason") : S(st, "phase");
    char rbuf[96];
    snprintf(rbuf, sizeof(rbuf), "%s", reason ? reason : "");
    bool has_running = false;
    json_t *cs = json_object_get(st, "containerStatuses");
    int64_t last_finished = 0;
    for (int i = (int)json_array_size(cs) - 1; i >= 0; i--) {
        json_t *c = json_array_get(cs, (size_t)i);
        restarts += (long)I(c, "restartCount");
        json_t *w = J(c, "state.waiting"), *t = J(c, "state.terminated");
        json_t *lt = J(c, "lastState.terminated");
        int64_t fin;
        if (lt && S(lt, "finishedAt") && ak_parse_time(S(lt, "finishedAt"), &fin) == 0 && fin > last_finished)
            last_finished = fin;
        if (w && S(w, "reason") && *S(w, "reason")) {
            snprintf(rbuf, sizeof(rbuf), "%s", S(w, "reason"));
        } else if (t && S(t, "reason") && *S(t, "reason")) {
            snprintf(rbuf, sizeof(rbuf), "%s", S(t, "reason"));
        } else if (t) {
            if (I(t, "signal"))
                snprintf(rbuf, sizeof(rbuf), "Signal:%lld", (long long)I(t, "signal"));
            else
                snprintf(rbuf, sizeof(rbuf), "ExitCode:%lld", (long long)I(t, "exitCode"));
        } else if (json_is_true(json_object_get(c, "ready")) && J(c, "state.running")) {
            has_running = true;
            ready++;
        }
    }
    if (strcmp(rbuf, "Completed") == 0 && has_running) {
        bool podready = false;
        size_t i;
        json_t *cd;
        json_array_foreach(json_object_get(st, "conditions"), i, cd)
        {
            if (ak_streq(S(cd, "type"), "Ready") && ak_streq(S(cd, "status"), "True"))
                podready = true;
        }
        snprintf(rbuf, sizeof(rbuf), "%s", podready ? "Running" : "NotReady");
    }
    const char *phase = S(st, "phase");
    if (S(o, "metadata.deletionTimestamp")) {
        if (ak_streq(S(st, "reason"), "NodeLost"))
            snprintf(rbuf, sizeof(rbuf), "Unknown");
        else if (!ak_streq(phase, "Succeeded") && !ak_streq(phase, "Failed"))
            snprintf(rbuf, sizeof(rbuf), "Terminating");
    }
    char rd[32], rs[64];
    snprintf(rd, sizeof(rd), "%d/%d", ready, total);
    if (restarts > 0 && last_finished) {
        char ago[32];
        ak_human_duration(now - last_finished, ago, sizeof(ago));
        snprintf(rs, sizeof(rs), "%ld (%s ago)", restarts, ago);
    } else {
        snprintf(rs, sizeof(rs), "%ld", restarts);
    }
    const char *ip = S(json_array_get(json_object_get(st, "podIPs"), 0), "ip");
    json_t *gates = json_object_get(spec, "readinessGates");
    char gbuf[32] = "<none>";
    if (json_array_size(gates))
        snprintf(gbuf, sizeof(gbuf), "0/%zu", json_array_size(gates));
    return json_pack("[s,s,s,s,o,s,s,s,s]", S(o, "metadata.name"), rd, rbuf, rs, age_cell(o, now),
                     or_none(ip), or_none(S(spec, "nodeName")), or_none(S(st, "nominatedNodeName")),
                     gbuf);
}

/* ---- events ---- */

static json_t *event_cells(const json_t *o, int64_t now)
{
    char last[32], first[32], obj[400], src[300];
    const char *lt = S(o, "lastTimestamp"), *ft = S(o, "firstTimestamp");
    if (J(o, "series") && S(o, "series.lastObservedTime"))
        lt = S(o, "series.lastObservedTime");
    if (!ft)
        ft = S(o, "eventTime");
    if (!lt)
        lt = ft;
    ak_age(lt, now, last, sizeof(last));
    ak_age(ft, now, first, sizeof(first));
    const char *kind = S(o, "involvedObject.kind"), *name = S(o, "involvedObject.name");
    char lk[64];
    snprintf(lk, sizeof(lk), "%s", kind ? kind : "");
    ak_lower_inplace(lk);
    if (name && *name)
        snprintf(obj, sizeof(obj), "%s/%s", lk, name);
    else
        snprintf(obj, sizeof(obj), "%s", lk);
    const char *comp = S(o, "source.component");
    if (!comp || !*comp)
        comp = S(o, "reportingComponent");
    const char *host = S(o, "source.host");
    if (!host || !*host)
        host = S(o, "reportingInstance");
    if (host && *host)
        snprintf(src, sizeof(src), "%s, %s", comp ? comp : "", host);
    else
        snprintf(src, sizeof(src), "%s", comp ? comp : "");
    json_int_t count = J(o, "series") ? I(o, "series.count") : I(o, "count");
    if (count == 0)
        count = 1;
    const char *msg = S(o, "message");
    /* trim */
    char mbuf[2048];
    snprintf(mbuf, sizeof(mbuf), "%s", msg ? msg : "");
    size_t ml = strlen(mbuf);
    while (ml && (mbuf[ml - 1] == ' ' || mbuf[ml - 1] == '\n'))
        mbuf[--ml] = '\0';
    return json_pack("[s,s,s,s,s,s,s,s,I,s]", last, S(o, "type") ? S(o, "type") : "",
                     S(o, "reason") ? S(o, "reason") : "", obj,
                     S(o, "involvedObject.fieldPath") ? S(o, "involvedObject.fieldPath") : "", src,
                     mbuf, first, count, S(o, "metadata.name"));
}

static void intorstr(const json_t *v, char *out, size_t n)
{
    if (json_is_integer(v))
        snprintf(out, n, "%lld", (long long)json_integer_value(v));
    else if (json_is_string(v))
        snprintf(out, n, "%s", json_string_value(v));
    else
        snprintf(out, n, "N/A");
}

/* ---- jobs ---- */

static json_t *job_cells(const json_t *o, int64_t now)
{
    json_t *spec = J(o, "spec"), *st = J(o, "status");
    const char *status = "Running";
    size_t i;
    json_t *c;
    json_array_foreach(json_object_get(st, "conditions"), i, c)
    {
        if (!ak_streq(S(c, "status"), "True"))
            continue;
        if (ak_streq(S(c, "type"), "Complete"))
            status = "Complete";
        else if (ak_streq(S(c, "type"), "Failed"))
            status = "Failed";
        else if (ak_streq(S(c, "type"), "Suspended"))
            status = "Suspended";
        else if (ak_streq(S(c, "type"), "FailureTarget"))
            status = "FailureTarget";
        else if (ak_streq(S(c, "type"), "SuccessCriteriaMet"))
            status = "SuccessCriteriaMet";
    }
    char comp[64];
    json_t *cmp = json_object_get(spec, "completions");
    if (json_is_integer(cmp))
        snprintf(comp, sizeof(comp), "%lld/%lld", (long long)I(st, "succeeded"),
                 (long long)json_integer_value(cmp));
    else
        snprintf(comp, sizeof(comp), "%lld/1 of %lld", (long long)I(st, "succeeded"),
                 (long long)(json_is_integer(json_object_get(spec, "parallelism"))
                                 ? json_integer_value(json_object_get(spec, "parallelism"))
                                 : 1));
    char dur[32] = "";
    int64_t s, e;
    if (S(st, "startTime") && ak_parse_time(S(st, "startTime"), &s) == 0) {
        if (S(st, "completionTime") && ak_parse_time(S(st, "completionTime"), &e) == 0)
            ak_human_duration(e - s, dur, sizeof(dur));
        else
            ak_human_duration(now - s, dur, sizeof(dur));
    }
    json_t *cn, *im;
    containers_images(J(o, "spec.template.spec"), &cn, &im);
    return json_pack("[s,s,s,s,o,o,o,o]", S(o, "metadata.name"), status, comp, dur,
                     age_cell(o, now), cn, im, selector_cell(json_object_get(spec, "selector")));
}

/* ---- services ---- */

static json_t *service_cells(const json_t *o, int64_t now)
{
    json_t *spec = J(o, "spec");
    struct ak_buf ports = AK_BUF_INIT(1 << 16);
    size_t i;
    json_t *p;
    json_array_foreach(json_object_get(spec, "ports"), i, p)
    {
        ak_buf_printf(&ports, "%s%lld", i ? "," : "", (long long)I(p, "port"));
        if (I(p, "nodePort"))
            ak_buf_printf(&ports, ":%lld", (long long)I(p, "nodePort"));
        ak_buf_printf(&ports, "/%s", S(p, "protocol") ? S(p, "protocol") : "TCP");
    }
    struct ak_buf sel = AK_BUF_INIT(1 << 16);
    const char *k;
    json_t *v;
    json_object_foreach(json_object_get(spec, "selector"), k, v)
    {
        ak_buf_printf(&sel, "%s%s=%s", sel.len ? "," : "", k, json_string_value(v) ? json_string_value(v) : "");
    }
    const char *type = S(spec, "type") ? S(spec, "type") : "ClusterIP";
    json_t *cells = json_pack("[s,s,s,s,s,o,s]", S(o, "metadata.name"), type,
                              or_none(S(spec, "clusterIP")),
                              strcmp(type, "LoadBalancer") == 0 ? "<pending>" : "<none>",
                              ports.len ? ak_buf_cstr(&ports) : "<none>", age_cell(o, now),
                              sel.len ? ak_buf_cstr(&sel) : "<none>");
    ak_buf_release(&ports);
    ak_buf_release(&sel);
    return cells;
}

json_t *ak_ktable_columns(enum ak_kkind kind)
{
    const char *nm = "Name must be unique within a namespace. More info: "
                     "https://kubernetes.io/docs/concepts/overview/working-with-objects/names#names";
    const char *ag = "CreationTimestamp is a timestamp representing the server time when this "
                     "object was created.";
    switch (kind) {
    case AK_KIND_NODE:
        return json_pack("[o,o,o,o,o,o,o,o,o,o]", col("Name", "string", "name", 0, nm),
                         col("Status", "string", "", 0, "The status of the node"),
                         col("Roles", "string", "", 0, "The roles of the node"),
                         col("Age", "string", "", 0, ag),
                         col("Version", "string", "", 0, "Kubelet Version reported by the node."),
                         col("Internal-IP", "string", "", 1, "List of internal IPs (if any)."),
                         col("External-IP", "string", "", 1, "List of external IPs (if any)."),
                         col("OS-Image", "string", "", 1, "OS Image reported by the node from /etc/os-release (e.g. Debian GNU/Linux 7 (wheezy))."),
                         col("Kernel-Version", "string", "", 1, "Kernel Version reported by the node from 'uname -r' (e.g. 3.16.0-0.bpo.4-amd64)."),
                         col("Container-Runtime", "string", "", 1, "Container runtime version reported by the node through runtime remote API (e.g. containerd://1.4.2)."));
    case AK_KIND_POD:
        return json_pack("[o,o,o,o,o,o,o,o,o]", col("Name", "string", "name", 0, nm),
                         col("Ready", "string", "", 0, "The aggregate readiness state of this pod for accepting traffic."),
                         col("Status", "string", "", 0, "The aggregate status of the containers in this pod."),
                         col("Restarts", "string", "", 0, "The number of times the containers in this pod have been restarted and when the last container in this pod has restarted."),
                         col("Age", "string", "", 0, ag),
                         col("IP", "string", "", 1, "IP address allocated to the pod. Routable at least within the cluster. Empty if not yet allocated."),
                         col("Node", "string", "", 1, "NodeName is a request to schedule this pod onto a specific node."),
                         col("Nominated Node", "string", "", 1, "nominatedNodeName is set only when this pod preempts other pods on the node."),
                         col("Readiness Gates", "string", "", 1, "If specified, all readiness gates will be evaluated for pod readiness."));
    case AK_KIND_EVENT:
        return json_pack("[o,o,o,o,o,o,o,o,o,o]", col("Last Seen", "string", "", 0, "The time at which the most recent occurrence of this event was recorded."),
                         col("Type", "string", "", 0, "Type of this event (Normal, Warning), new types could be added in the future."),
                         col("Reason", "string", "", 0, "This should be a short, machine understandable string that gives the reason for the transition into the object's current status."),
                         col("Object", "string", "", 0, "The object that this event is about."),
                         col("Subobject", "string", "", 1, "The subobject of the object this event is about."),
                         col("Source", "string", "", 1, "The component reporting this event."),
                         col("Message", "string", "", 0, "A human-readable description of the status of this operation."),
                         col("First Seen", "string", "", 1, "The time at which the event was first recorded."),
                         col("Count", "string", "", 1, "The number of times this event has occurred."),
                         col("Name", "string", "name", 1, nm));
    case AK_KIND_PDB:
        return json_pack("[o,o,o,o,o]", col("Name", "string", "name", 0, nm),
                         col("Min Available", "string", "", 0, "The minimum number of pods that must be available."),
                         col("Max Unavailable", "string", "", 0, "The maximum number of pods that may be unavailable."),
                         col("Allowed Disruptions", "integer", "", 0, "Calculated number of pods that may be disrupted at this time."),
                         col("Age", "string", "", 0, ag));
    case AK_KIND_NAMESPACE:
        return json_pack("[o,o,o]", col("Name", "string", "name", 0, nm),
                         col("Status", "string", "", 0, "The status of the namespace"),
                         col("Age", "string", "", 0, ag));
    case AK_KIND_DEPLOYMENT:
        return json_pack("[o,o,o,o,o,o,o,o]", col("Name", "string", "name", 0, nm),
                         col("Ready", "string", "", 0, "Number of the pod with ready state"),
                         col("Up-to-date", "string", "", 0, "Total number of non-terminated pods targeted by this deployment that have the desired template spec."),
                         col("Available", "string", "", 0, "Total number of available pods (ready for at least minReadySeconds) targeted by this deployment."),
                         col("Age", "string", "", 0, ag),
                         col("Containers", "string", "", 1, "Names of each container in the template."),
                         col("Images", "string", "", 1, "Images referenced by each container in the template."),
                         col("Selector", "string", "", 1, "Label selector for pods. Existing ReplicaSets whose pods are selected by this will be the ones affected by this deployment."));
    case AK_KIND_REPLICASET:
        return json_pack("[o,o,o,o,o,o,o,o]", col("Name", "string", "name", 0, nm),
                         col("Desired", "integer", "", 0, "Replicas is the number of desired pods."),
                         col("Current", "integer", "", 0, "Replicas is the most recently observed number of replicas."),
                         col("Ready", "integer", "", 0, "The number of ready replicas for this replica set."),
                         col("Age", "string", "", 0, ag),
                         col("Containers", "string", "", 1, "Names of each container in the template."),
                         col("Images", "string", "", 1, "Images referenced by each container in the template."),
                         col("Selector", "string", "", 1, "Selector is a label query over pods that should match the replica count."));
    case AK_KIND_DAEMONSET:
        return json_pack("[o,o,o,o,o,o,o,o,o,o,o]", col("Name", "string", "name", 0, nm),
                         col("Desired", "integer", "", 0, "The total number of nodes that should be running the daemon pod."),
                         col("Current", "integer", "", 0, "The number of nodes that are running at least 1 daemon pod and are supposed to run the daemon pod."),
                         col("Ready", "integer", "", 0, "The number of nodes that should be running the daemon pod and have one or more of the daemon pod running and ready."),
                         col("Up-to-date", "integer", "", 0, "The total number of nodes that are running updated daemon pod"),
                         col("Available", "integer", "", 0, "The number of nodes that should be running the daemon pod and have one or more of the daemon pod running and available (ready for at least spec.minReadySeconds)"),
                         col("Node Selector", "string", "", 0, "NodeSelector is a selector which must be true for the pod to fit on a node."),
                         col("Age", "string", "", 0, ag),
                         col("Containers", "string", "", 1, "Names of each container in the template."),
                         col("Images", "string", "", 1, "Images referenced by each container in the template."),
                         col("Selector", "string", "", 1, "A label query over pods that are managed by the daemon set."));
    case AK_KIND_JOB:
        return json_pack("[o,o,o,o,o,o,o,o]", col("Name", "string", "name", 0, nm),
                         col("Status", "string", "", 0, "Status of the job."),
                         col("Completions", "string", "", 0, "The desired number of successfully finished pods the job should be run with."),
                         col("Duration", "string", "", 0, "Time required to complete the job."),
                         col("Age", "string", "", 0, ag),
                         col("Containers", "string", "", 1, "Names of each container in the template."),
                         col("Images", "string", "", 1, "Images referenced by each container in the template."),
                         col("Selector", "string", "", 1, "A label query over pods that should match the pod count."));
    case AK_KIND_LEASE:
        return json_pack("[o,o,o]", col("Name", "string", "name", 0, nm),
                         col("Holder", "string", "", 0, "holderIdentity contains the identity of the holder of a current lease."),
                         col("Age", "string", "", 0, ag));
    case AK_KIND_SERVICE:
        return json_pack("[o,o,o,o,o,o,o]", col("Name", "string", "name", 0, nm),
                         col("Type", "string", "", 0, "type determines how the Service is exposed."),
                         col("Cluster-IP", "string", "", 0, "clusterIP is the IP address of the service."),
                         col("External-IP", "string", "", 0, "externalIPs is a list of IP addresses for which nodes in the cluster will also accept traffic for this service."),
                         col("Port(s)", "string", "", 0, "The list of ports that are exposed by this service."),
                         col("Age", "string", "", 0, ag),
                         col("Selector", "string", "", 1, "Route service traffic to pods with label keys and values matching this selector."));
    case AK_KIND_CONFIGMAP:
        return json_pack("[o,o,o]", col("Name", "string", "name", 0, nm),
                         col("Data", "integer", "", 0, "Data contains the configuration data."),
                         col("Age", "string", "", 0, ag));
    case AK_KIND_SECRET:
        return json_pack("[o,o,o,o]", col("Name", "string", "name", 0, nm),
                         col("Type", "string", "", 0, "The type of the secret"),
                         col("Data", "integer", "", 0, "Data contains the secret data."),
                         col("Age", "string", "", 0, ag));
    case AK_KIND_SERVICEACCOUNT:
        return json_pack("[o,o,o]", col("Name", "string", "name", 0, nm),
                         col("Secrets", "integer", "", 0, "Secrets is a list of the secrets in the same namespace that pods running using this ServiceAccount are allowed to use."),
                         col("Age", "string", "", 0, ag));
    case AK_KIND_PRIORITYCLASS:
        return json_pack("[o,o,o,o,o]", col("Name", "string", "name", 0, nm),
                         col("Value", "integer", "", 0, "The value of this priority class."),
                         col("Global-Default", "boolean", "", 0, "globalDefault specifies whether this PriorityClass should be considered as the default priority for pods that do not have any priority class."),
                         col("Age", "string", "", 0, ag),
                         col("PreemptionPolicy", "string", "", 0, "PreemptionPolicy is the Policy for preempting pods with lower priority."));
    case AK_KIND_COUNT:
        break;
    }
    return json_array();
}

json_t *ak_ktable_cells(enum ak_kkind kind, const json_t *o, int64_t now)
{
    char a[32], b[32];
    json_t *cn, *im;
    switch (kind) {
    case AK_KIND_NODE: return node_cells(o, now);
    case AK_KIND_POD: return pod_cells(o, now);
    case AK_KIND_EVENT: return event_cells(o, now);
    case AK_KIND_PDB:
        intorstr(J(o, "spec.minAvailable"), a, sizeof(a));
        intorstr(J(o, "spec.maxUnavailable"), b, sizeof(b));
        return json_pack("[s,s,s,I,o]", S(o, "metadata.name"), a, b,
                         (json_int_t)I(o, "status.disruptionsAllowed"), age_cell(o, now));
    case AK_KIND_NAMESPACE:
        return json_pack("[s,s,o]", S(o, "metadata.name"),
                         S(o, "status.phase") ? S(o, "status.phase") : "Active", age_cell(o, now));
    case AK_KIND_DEPLOYMENT:
        snprintf(a, sizeof(a), "%lld/%lld", (long long)I(o, "status.readyReplicas"),
                 (long long)(json_is_integer(J(o, "spec.replicas")) ? I(o, "spec.replicas") : 1));
        containers_images(J(o, "spec.template.spec"), &cn, &im);
        return json_pack("[s,s,I,I,o,o,o,o]", S(o, "metadata.name"), a,
                         (json_int_t)I(o, "status.updatedReplicas"),
                         (json_int_t)I(o, "status.availableReplicas"), age_cell(o, now), cn, im,
                         selector_cell(J(o, "spec.selector")));
    case AK_KIND_REPLICASET:
        containers_images(J(o, "spec.template.spec"), &cn, &im);
        return json_pack("[s,I,I,I,o,o,o,o]", S(o, "metadata.name"),
                         (json_int_t)(json_is_integer(J(o, "spec.replicas")) ? I(o, "spec.replicas") : 1),
                         (json_int_t)I(o, "status.replicas"), (json_int_t)I(o, "status.readyReplicas"),
                         age_cell(o, now), cn, im, selector_cell(J(o, "spec.selector")));
    case AK_KIND_DAEMONSET: {
        containers_images(J(o, "spec.template.spec"), &cn, &im);
        struct ak_buf ns = AK_BUF_INIT(1 << 16);
        const char *k;
        json_t *v;
        json_object_foreach(J(o, "spec.template.spec.nodeSelector"), k, v)
        {
            ak_buf_printf(&ns, "%s%s=%s", ns.len ? "," : "", k, json_string_value(v) ? json_string_value(v) : "");
        }
        json_t *cells = json_pack("[s,I,I,I,I,I,s,o,o,o,o]", S(o, "metadata.name"),
                                  (json_int_t)I(o, "status.desiredNumberScheduled"),
                                  (json_int_t)I(o, "status.currentNumberScheduled"),
                                  (json_int_t)I(o, "status.numberReady"),
                                  (json_int_t)I(o, "status.updatedNumberScheduled"),
                                  (json_int_t)I(o, "status.numberAvailable"),
                                  ns.len ? ak_buf_cstr(&ns) : "<none>", age_cell(o, now), cn, im,
                                  selector_cell(J(o, "spec.selector")));
        ak_buf_release(&ns);
        return cells;
    }
    case AK_KIND_JOB: return job_cells(o, now);
    case AK_KIND_LEASE:
        return json_pack("[s,s,o]", S(o, "metadata.name"),
                         S(o, "spec.holderIdentity") ? S(o, "spec.holderIdentity") : "", age_cell(o, now));
    case AK_KIND_SERVICE: return service_cells(o, now);
    case AK_KIND_CONFIGMAP:
        return json_pack("[s,I,o]", S(o, "metadata.name"),
                         (json_int_t)(json_object_size(J(o, "data")) + json_object_size(J(o, "binaryData"))),
                         age_cell(o, now));
    case AK_KIND_SECRET:
        return json_pack("[s,s,I,o]", S(o, "metadata.name"), S(o, "type") ? S(o, "type") : "Opaque",
                         (json_int_t)json_object_size(J(o, "data")), age_cell(o, now));
    case AK_KIND_SERVICEACCOUNT:
        return json_pack("[s,I,o]", S(o, "metadata.name"),
                         (json_int_t)json_array_size(J(o, "secrets")), age_cell(o, now));
    case AK_KIND_PRIORITYCLASS:
        return json_pack("[s,I,b,o,s]", S(o, "metadata.name"), (json_int_t)I(o, "value"),
                         json_is_true(J(o, "globalDefault")), age_cell(o, now),
                         S(o, "preemptionPolicy") ? S(o, "preemptionPolicy") : "PreemptLowerPriority");
    case AK_KIND_COUNT:
        break;
    }
    return json_array();
}

json_t *ak_ktable_row_conditions(enum ak_kkind kind, const json_t *o)
{
    if (kind != AK_KIND_POD)
        return NULL;
    const char *phase = S(o, "status.phase");
    if (ak_streq(phase, "Succeeded"))
        return json_pack("[{s:s,s:s,s:s,s:s}]", "type", "Completed", "status", "True", "reason",
                         "Succeeded", "message", "The pod has completed successfully.");
    if (ak_streq(phase, "Failed"))
        return json_pack("[{s:s,s:s,s:s,s:s}]", "type", "Completed", "status", "True", "reason",
                         "Failed", "message", "The pod failed.");
    return NULL;
}

/* ------------------------------------------------------------------ typed rows */

static void cell(struct ak_buf *b, bool *first, const char *s)
{
    if (!*first)
        ak_buf_putc(b, ',');
    *first = false;
    ak_buf_json_str(b, s);
}

static void typed_age(const struct ak_kobj *o, int64_t now, char *out, size_t n)
{
    /* creationTimestamp has second precision */
    ak_human_duration(now - (o->created_ms - o->created_ms % 1000), out, n);
}

static void node_cells_typed(const struct ak_kobj *o, int64_t now, struct ak_buf *b)
{
    const struct ak_knode *n = ak_knode_of(o);
    char st[64], age[32];
    snprintf(st, sizeof(st), "%s%s", n->ready ? "Ready" : "NotReady",
             n->unschedulable ? ",SchedulingDisabled" : "");
    const char *roles[16];
    size_t nr = 0;
    for (size_t i = 0; i < o->labels.n && nr < AK_ARRAY_LEN(roles); i++) {
        const char *k = o->labels.v[i].key, *v = o->labels.v[i].val;
        if (ak_starts_with(k, "node-role.kubernetes.io/") && k[24])
            roles[nr++] = k + 24;
        else if (strcmp(k, "kubernetes.io/role") == 0 && v && *v)
            roles[nr++] = v;
    }
    for (size_t x = 0; x < nr; x++)
        for (size_t y = x + 1; y < nr; y++)
            if (strcmp(roles[y], roles[x]) < 0) {
                const char *t = roles[x];
                roles[x] = roles[y];
                roles[y] = t;
            }
    struct ak_buf rb = AK_BUF_INIT(4096);
    for (size_t x = 0; x < nr; x++) {
        if (x && strcmp(roles[x], roles[x - 1]) == 0)
            continue;
        ak_buf_printf(&rb, "%s%s", rb.len ? "," : "", roles[x]);
    }
    typed_age(o, now, age, sizeof(age));
    bool first = true;
    ak_buf_puts(b, "\"cells\":[");
    cell(b, &first, o->name);
    cell(b, &first, st);
    cell(b, &first, rb.len ? ak_buf_cstr(&rb) : "<none>");
    cell(b, &first, age);
    cell(b, &first, n->kubelet_version);
    cell(b, &first, or_none(n->internal_ip));
    cell(b, &first, "<none>");
    cell(b, &first, n->os_image[0] ? n->os_image : "<unknown>");
    cell(b, &first, n->kernel[0] ? n->kernel : "<unknown>");
    cell(b, &first, n->runtime[0] ? n->runtime : "<unknown>");
    ak_buf_putc(b, ']');
    ak_buf_release(&rb);
}

static void pod_cells_typed(const struct ak_kobj *o, int64_t now, struct ak_buf *b)
{
    const struct ak_kpod *p = ak_kpod_of(o);
    bool running = strcmp(p->phase, "Running") == 0;
    bool done = strcmp(p->phase, "Succeeded") == 0 || strcmp(p->phase, "Failed") == 0;
    int ready = 0;
    long restarts = 0;
    char rbuf[96];
    snprintf(rbuf, sizeof(rbuf), "%s", p->reason ? p->reason : p->phase);
    bool has_running = false;
    int64_t last_finished = 0;
    if (p->scheduled_ms)
        for (int i = p->nc - 1; i >= 0; i--) {
            const struct ak_kcontainer *k = &p->c[i];
            restarts += k->restarts;
            if (k->last_reason && k->last_finished_ms > last_finished)
                last_finished = k->last_finished_ms;
            if (running && k->crashloop) {
                snprintf(rbuf, sizeof(rbuf), "CrashLoopBackOff");
            } else if (running && k->started_ms) {
                if (k->ready) {
                    has_running = true;
                    ready++;
                }
            } else if (done) {
                const char *r = k->reason ? k->reason : (k->exit_code ? "Error" : "Completed");
                if (*r)
                    snprintf(rbuf, sizeof(rbuf), "%s", r);
                else
                    snprintf(rbuf, sizeof(rbuf), "ExitCode:%d", k->exit_code);
            } else {
                const char *r = k->reason ? k->reason : "ContainerCreating";
                if (*r)
                    snprintf(rbuf, sizeof(rbuf), "%s", r);
            }
        }
    if (strcmp(rbuf, "Completed") == 0 && has_running)
        snprintf(rbuf, sizeof(rbuf), "%s", running && p->ready_ms ? "Running" : "NotReady");
    if (o->deleted_ms) {
        if (ak_streq(p->reason, "NodeLost"))
            snprintf(rbuf, sizeof(rbuf), "Unknown");
        else if (!done)
            snprintf(rbuf, sizeof(rbuf), "Terminating");
    }
    char rd[32], rs[64], age[32], gates[32] = "<none>";
    snprintf(rd, sizeof(rd), "%d/%d", ready, p->nc);
    if (restarts > 0 && last_finished) {
        char ago[32];
        ak_human_duration(now - last_finished / 1000 * 1000, ago, sizeof(ago));
        snprintf(rs, sizeof(rs), "%ld (%s ago)", restarts, ago);
    } else {
        snprintf(rs, sizeof(rs), "%ld", restarts);
    }
    typed_age(o, now, age, sizeof(age));
    if (p->gates)
        snprintf(gates, sizeof(gates), "0/%u", (unsigned)p->gates);
    bool first = true;
    ak_buf_puts(b, "\"cells\":[");
    cell(b, &first, o->name);
    cell(b, &first, rd);
    cell(b, &first, rbuf);
    cell(b, &first, rs);
    cell(b, &first, age);
    cell(b, &first, or_none(p->pod_ip));
    cell(b, &first, or_none(p->node));
    cell(b, &first, or_none(p->nominated));
    cell(b, &first, gates);
    ak_buf_putc(b, ']');
    if (strcmp(p->phase, "Succeeded") == 0)
        ak_buf_puts(b, ",\"conditions\":[{\"type\":\"Completed\",\"status\":\"True\",\"reason\":"
                       "\"Succeeded\",\"message\":\"The pod has completed successfully.\"}]");
    else if (strcmp(p->phase, "Failed") == 0)
        ak_buf_puts(b, ",\"conditions\":[{\"type\":\"Completed\",\"status\":\"True\",\"reason\":"
                       "\"Failed\",\"message\":\"The pod failed.\"}]");
}

bool ak_ktable_row_typed(const struct ak_kobj *o, int64_t now_ms, struct ak_buf *b)
{
    if (o->kind == AK_KIND_NODE && ak_knode_of(o))
        node_cells_typed(o, now_ms, b);
    else if (o->kind == AK_KIND_POD && ak_kpod_of(o))
        pod_cells_typed(o, now_ms, b);
    else
        return false;
    return true;
}
