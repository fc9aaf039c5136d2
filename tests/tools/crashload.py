#!/usr/bin/env python3
"""crashload.py - load driver and verifier of the crash-consistency test (tests/api/t_crash.sh).

  crashload.py load   --data DIR --wal FILE --seed S --cycle C [--workers N] ...
  crashload.py verify --data DIR --wal FILE --cycle C [--settle-seconds N]

`load` runs N workers against the daemon whose URL is in DIR/url. Each worker owns its own
resources (resource groups w<W>g<K>, clusters w<W>c<K>, their agent pools) and issues ARM writes
back to back: resource group creates, re-tags and (rarely) deletes, cluster creates (one or two
pools), agent pool
create / scale / update (labels, tags) / delete, cluster deletes, and now and then a write that
must be refused because the pool is busy. With a cluster made by `kube-setup` (once, before the
first cycle: resource group and cluster "kube", its admin kubeconfig in FILE.kubeconfig), each
worker also owns Kubernetes objects in its namespace "default": ConfigMaps w<W>-cm<K> (create,
PUT with the resourceVersion read just before, label merge patch, annotation JSON patch,
delete) and pods w<W>-pod<K> (create, label strategic merge patch, delete), about 40 % of the
writes. A worker has at most one write in flight; the workers
together keep N in flight. Every write goes through the write-ahead log FILE (JSON lines,
fsynced):

  {"k":"i", "w":W, "n":N, "c":C, "op":{...}}   intent, written before the request is sent
  {"k":"a", "w":W, "n":N, "s":201, "op_url":P} acknowledged (2xx), written before the worker
                                               counts the write as done and moves on
  {"k":"r", "w":W, "n":N, "s":409, "code":X}   refused (non-2xx): must have changed nothing
  {"k":"v", "w":W, "n":N, "present":B}         an in-flight write, resolved by `verify`
  {"k":"m", "c":C, "rv":R}                     the Kubernetes resourceVersion `verify` saw
A Kubernetes acknowledgement (and resolution) also carries "rv", the object's resourceVersion.

A worker stops at the first transport error (the daemon was killed): its last intent then has no
outcome - the write was in flight. The expected world is rebuilt from the log alone, by replaying
every acknowledged write (and every resolved in-flight one) in order, so each process starts from
what is on disk.

`verify` waits until every operation has settled (bounded: a provisioningState stuck in a
non-terminal state, or an acknowledged operation that never finishes, is a failure), reads the
whole emulated world back over the API and checks
  * global consistency: every cluster has its node resource group and every node resource group
    its cluster; every pool has exactly one VMSS and every VMSS a pool; VMSS capacity, the
    virtualMachines list and the pool count agree; instances are named after their scale set;
    agentPoolProfiles agree with the agentPools list; everything is Succeeded;
  * durability: each worker's resources equal the state its acknowledged writes imply (counts,
    labels, tags, even the instance ids the VMSS rules give), and each in-flight write is either
    fully there or fully absent;
  * every acknowledged operation of this cycle reached a terminal status, and none Failed
    (Canceled is allowed: a cluster delete preempts the operations of its pools);
  * Kubernetes: ConfigMap data / labels / annotations and pod labels as the writes imply; a
    ConfigMap keeps the resourceVersion of its last acknowledged write; the store's
    resourceVersion is not below an acknowledged one, and writes after a restart get
    resourceVersions above what the previous verify saw; a watch from the last resourceVersion
    acknowledged before the kill answers 410 Expired or newer events only.
It appends the resolution of the in-flight writes to the log and exits 1 on any violation.
"""
import argparse
import copy
import http.client
import json
import os
import random
import re
import ssl
import sys
import threading
import time
import urllib.parse

API_RG = "2021-04-01"
API_AKS = "2022-11-01"
API_CMP = "2022-11-01"
LOCATION = "eastus"
VM_SIZE = "Standard_DS2_v2"
MAX_RGS, MAX_CLUSTERS, MAX_USER_POOLS, MAX_COUNT = 2, 2, 4, 4
USER_POOL_NAMES = ["p0", "p1", "p2", "p3", "p4", "p5"]
TERMINAL = ("Succeeded", "Failed", "Canceled")
RG_RE = re.compile(r"^w(\d+)g(\d+)$")
CL_RE = re.compile(r"^w(\d+)c(\d+)$")
# the Kubernetes side: one cluster made once by `kube-setup` (workers never delete it), whose
# namespace "default" holds each worker's ConfigMaps w<W>-cm<K> and pods w<W>-pod<K>
KUBE_RG, KUBE_CL, KUBE_NS = "kube", "kube", "default"
CM_RE = re.compile(r"^w(\d+)-cm(\d+)$")
POD_RE = re.compile(r"^w(\d+)-pod(\d+)$")
MAX_CMS, MAX_PODS = 4, 3
KUBE_OPS = ("cm_create", "cm_put", "cm_label", "cm_annot", "cm_delete", "pod_create",
            "pod_label", "pod_delete")


def log(msg):
    sys.stderr.write("crashload: %s\n" % msg)
    sys.stderr.flush()


# ------------------------------------------------------------------ HTTP


class Client:
    """One keep-alive HTTPS connection to the daemon."""

    def __init__(self, data, timeout=15.0):
        with open(os.path.join(data, "url")) as f:
            url = urllib.parse.urlparse(f.read().strip())
        self.host, self.port = url.hostname, url.port
        tokf = os.path.join(data, "token")
        self.token = open(tokf).read().strip() if os.path.exists(tokf) else "none"
        self.ctx = ssl.create_default_context(cafile=os.path.join(data, "tls", "ca.pem"))
        self.timeout = timeout
        self.conn = None

    def request(self, method, path, body=None, ctype="application/json"):
        """-> (status, headers dict (lower-case names), parsed JSON body or None).
        Transport errors propagate (OSError, http.client.HTTPException)."""
        if self.conn is None:
            self.conn = http.client.HTTPSConnection(self.host, self.port, context=self.ctx,
                                                    timeout=self.timeout)
        headers = {"Authorization": "Bearer " + self.token, "Accept": "application/json"}
        data = None
        if body is not None:
            data = json.dumps(body).encode()
            headers["Content-Type"] = ctype
        try:
            self.conn.request(method, path, body=data, headers=headers)
            r = self.conn.getresponse()
            raw = r.read()
        except Exception:
            self.close()
            raise
        hdrs = {k.lower(): v for k, v in r.getheaders()}
        parsed = None
        if raw:
            try:
                parsed = json.loads(raw)
            except ValueError:
                parsed = {"_raw": raw[:200].decode("utf-8", "replace")}
        if hdrs.get("connection", "").lower() == "close":
            self.close()
        return r.status, hdrs, parsed

    def get(self, path):
        st, _, body = self.request("GET", path)
        return st, body

    def close(self):
        if self.conn is not None:
            try:
                self.conn.close()
            except Exception:
                pass
            self.conn = None


class KubeClient(Client):
    """The Kubernetes API of one cluster, from its admin kubeconfig (ARM
    POST .../listClusterAdminCredential): paths are relative to the kubeconfig's server."""

    def __init__(self, data, kubeconfig, timeout=15.0):
        Client.__init__(self, data, timeout)
        server = re.search(r"^\s*server:\s*(\S+)\s*$", kubeconfig, re.M).group(1)
        self.token = re.search(r"^\s*token:\s*(\S+)\s*$", kubeconfig, re.M).group(1)
        u = urllib.parse.urlparse(server)
        self.host, self.port, self.prefix = u.hostname, u.port, u.path.rstrip("/")

    def request(self, method, path, body=None, ctype="application/json"):
        return Client.request(self, method, self.prefix + path, body, ctype)


def admin_kubeconfig(client, sub, rg, cl):
    """-> the kubeconfig text of the cluster's admin credential."""
    import base64
    st, _, body = client.request("POST", cluster_base(sub, rg, cl) +
                                 "/listClusterAdminCredential?api-version=" + API_AKS)
    if st != 200:
        raise SystemExit("listClusterAdminCredential of %s answered %d: %s" % (cl, st, body))
    return base64.b64decode(body["kubeconfigs"][0]["value"]).decode()


def rg_path(sub, rg):
    return "/subscriptions/%s/resourcegroups/%s?api-version=%s" % (sub, rg, API_RG)


def cluster_base(sub, rg, cl):
    return ("/subscriptions/%s/resourceGroups/%s/providers/Microsoft.ContainerService/"
            "managedClusters/%s" % (sub, rg, cl))


def cluster_path(sub, rg, cl):
    return cluster_base(sub, rg, cl) + "?api-version=" + API_AKS


def pool_path(sub, rg, cl, p):
    return cluster_base(sub, rg, cl) + "/agentPools/%s?api-version=%s" % (p, API_AKS)


def subscription_id(client):
    st, body = client.get("/subscriptions?api-version=2019-11-01")
    if st != 200:
        raise SystemExit("GET /subscriptions answered %d" % st)
    return body["value"][0]["subscriptionId"]


# ------------------------------------------------------------------ write-ahead log


class Wal:
    def __init__(self, path):
        self.f = open(path, "ab")
        self.lock = threading.Lock()

    def append(self, rec):
        line = (json.dumps(rec, sort_keys=True, separators=(",", ":")) + "\n").encode()
        with self.lock:
            self.f.write(line)
            self.f.flush()
            os.fsync(self.f.fileno())

    def close(self):
        self.f.close()


def read_wal(path):
    recs = []
    if not os.path.exists(path):
        return recs
    with open(path, "rb") as f:
        for raw in f:
            if not raw.endswith(b"\n"):
                break  # a torn last line: the harness died while writing it
            recs.append(json.loads(raw))
    return recs


# ------------------------------------------------------------------ the model


def new_pool(count, labels, tags, mode):
    return {"count": count, "labels": dict(labels), "tags": dict(tags), "mode": mode,
            "ids": list(range(count)), "next": count}


class Worker:
    """What one worker's acknowledged writes imply."""

    def __init__(self, w):
        self.w = w
        self.rgs = {}        # name -> tags
        self.clusters = {}   # name -> {"rg": rg, "pools": {name: pool}}
        self.next_rg = 0     # fresh names, never reused (also past refused/in-flight ones)
        self.next_cluster = 0
        self.seq = 0
        self.pending = None  # (n, op) of the write without outcome
        self.cms = {}        # ConfigMap name -> {"data", "labels", "annotations"}
        self.cm_rv = {}      # ConfigMap name -> resourceVersion of its last write (or None)
        self.pods = {}       # pod name -> labels
        self.next_cm = 0
        self.next_pod = 0

    def note_intent(self, n, op):
        self.seq = max(self.seq, n + 1)
        m = RG_RE.match(op.get("rg", ""))
        if m:
            self.next_rg = max(self.next_rg, int(m.group(2)) + 1)
        m = CL_RE.match(op.get("cl", ""))
        if m:
            self.next_cluster = max(self.next_cluster, int(m.group(2)) + 1)
        m = CM_RE.match(op.get("cm", ""))
        if m:
            self.next_cm = max(self.next_cm, int(m.group(2)) + 1)
        m = POD_RE.match(op.get("pod", ""))
        if m:
            self.next_pod = max(self.next_pod, int(m.group(2)) + 1)


def apply_kube_op(wk, op, rv):
    t = op["t"]
    if t == "cm_create":
        if op["cm"] in wk.cms:
            return "ConfigMap %s created twice" % op["cm"]
        wk.cms[op["cm"]] = {"data": dict(op["data"]), "labels": dict(op["labels"]),
                            "annotations": {}}
        wk.cm_rv[op["cm"]] = rv
        return None
    if t.startswith("cm_"):
        cm = wk.cms.get(op["cm"])
        if cm is None:
            return "ConfigMap %s written but it does not exist" % op["cm"]
        if t == "cm_delete":
            del wk.cms[op["cm"]]
            wk.cm_rv.pop(op["cm"], None)
            return None
        if t == "cm_put":
            cm["data"] = dict(op["data"])
        elif t == "cm_label":  # merge patch: null removes
            for k, v in op["labels"].items():
                if v is None:
                    cm["labels"].pop(k, None)
                else:
                    cm["labels"][k] = v
        elif t == "cm_annot":  # JSON patch: add /metadata/annotations replaces them
            cm["annotations"] = dict(op["annotations"])
        wk.cm_rv[op["cm"]] = rv
        return None
    if t == "pod_create":
        if op["pod"] in wk.pods:
            return "pod %s created twice" % op["pod"]
        wk.pods[op["pod"]] = dict(op["labels"])
        return None
    if op["pod"] not in wk.pods:
        return "pod %s written but it does not exist" % op["pod"]
    if t == "pod_label":  # strategic merge patch of the labels
        wk.pods[op["pod"]].update(op["labels"])
    elif t == "pod_delete":
        del wk.pods[op["pod"]]
    return None


def apply_op(wk, op, rv=None):
    """Applies an acknowledged write to the model. Returns None, or why it cannot apply (for a
    2xx answer that is itself a violation: the daemon accepted something impossible). rv: the
    resourceVersion the answer of a Kubernetes write carried."""
    t = op["t"]
    if t in KUBE_OPS:
        return apply_kube_op(wk, op, rv)
    if t == "rg_put":
        wk.rgs[op["rg"]] = dict(op.get("tags") or {})
        return None
    if t == "rg_delete":
        wk.rgs.pop(op["rg"], None)
        for name in [n for n, c in wk.clusters.items() if c["rg"] == op["rg"]]:
            del wk.clusters[name]
        return None
    if t == "cluster_put":
        if op["rg"] not in wk.rgs:
            return "cluster %s created in resource group %s that does not exist" % (op["cl"], op["rg"])
        if op["cl"] in wk.clusters:
            return "cluster %s created twice" % op["cl"]
        pools = {}
        for pr in op["pools"]:
            pools[pr["name"]] = new_pool(pr["count"], pr.get("labels") or {}, pr.get("tags") or {},
                                         pr["mode"])
        wk.clusters[op["cl"]] = {"rg": op["rg"], "pools": pools}
        return None
    if t == "cluster_delete":
        wk.clusters.pop(op["cl"], None)
        return None
    cl = wk.clusters.get(op["cl"])
    if t == "pool_delete":
        if cl is not None:
            cl["pools"].pop(op["p"], None)
        return None
    if t == "pool_put":
        if cl is None:
            return "pool %s/%s written in a cluster that does not exist" % (op["cl"], op["p"])
        p = cl["pools"].get(op["p"])
        if p is None:
            cl["pools"][op["p"]] = new_pool(op["count"], op["labels"], op["tags"], op["mode"])
            return None
        live = len(p["ids"])
        if op["count"] > live:
            # scale-out: new instance ids above the highest ever used
            p["ids"].extend(range(p["next"], p["next"] + op["count"] - live))
            p["next"] += op["count"] - live
        elif op["count"] < live:
            # scale-in: the VMSS default policy (these pools have no zones and spread over
            # fault domains id % 5) takes from the fullest fault domains the highest id
            ids = list(p["ids"])
            while len(ids) > op["count"]:
                fc = {}
                for i in ids:
                    fc[i % 5] = fc.get(i % 5, 0) + 1
                top = max(fc.values())
                ids.remove(max(i for i in ids if fc[i % 5] == top))
            p["ids"] = sorted(ids)
        p["count"] = op["count"]
        p["labels"] = dict(op["labels"])
        p["tags"] = dict(op["tags"])
        p["mode"] = op["mode"]
        return None
    return "unknown op %r" % t


def replay(recs):
    """-> {w: Worker}, with pending = the in-flight write of each worker (or None)."""
    workers = {}
    problems = []
    for r in recs:
        k = r["k"]
        if k == "m":
            continue  # a verify's mark (the Kubernetes resourceVersion it saw)
        wk = workers.setdefault(r["w"], Worker(r["w"]))
        if k == "i":
            if wk.pending is not None:
                problems.append("worker %d: intent %d while %d has no outcome" %
                                (r["w"], r["n"], wk.pending[0]))
            wk.note_intent(r["n"], r["op"])
            wk.pending = (r["n"], r["op"])
            continue
        if wk.pending is None or wk.pending[0] != r["n"]:
            problems.append("worker %d: outcome of %d without its intent" % (r["w"], r["n"]))
            continue
        op = wk.pending[1]
        wk.pending = None
        if k == "a" or (k == "v" and r["present"]):
            why = apply_op(wk, op, r.get("rv"))
            if why:
                problems.append("worker %d write %d (%s): %s" % (r["w"], r["n"], op["t"], why))
    return workers, problems


def expected_view(wk):
    rgs = {n: dict(t) for n, t in wk.rgs.items()}
    clusters = {}
    for name, c in wk.clusters.items():
        pools = {}
        for pn, p in c["pools"].items():
            pools[pn] = {"count": p["count"], "labels": p["labels"], "tags": p["tags"],
                         "mode": p["mode"], "ids": sorted(p["ids"])}
        clusters[name] = {"rg": c["rg"], "pools": pools}
    return {"rgs": rgs, "clusters": clusters,
            "cms": copy.deepcopy(wk.cms), "pods": copy.deepcopy(wk.pods)}


# ------------------------------------------------------------------ load


def pool_body(op):
    return {"properties": {"count": op["count"], "vmSize": VM_SIZE, "osType": "Linux",
                           "mode": op["mode"], "type": "VirtualMachineScaleSets",
                           "nodeLabels": op["labels"], "tags": op["tags"]}}


def request_of(sub, op):
    t = op["t"]
    if t == "rg_put":
        body = {"location": LOCATION}
        if op.get("tags"):
            body["tags"] = op["tags"]
        return "PUT", rg_path(sub, op["rg"]), body
    if t == "rg_delete":
        return "DELETE", rg_path(sub, op["rg"]), None
    if t == "cluster_put":
        profiles = []
        for pr in op["pools"]:
            prof = {"name": pr["name"], "count": pr["count"], "vmSize": VM_SIZE,
                    "osType": "Linux", "mode": pr["mode"], "type": "VirtualMachineScaleSets"}
            if pr.get("labels"):
                prof["nodeLabels"] = pr["labels"]
            if pr.get("tags"):
                prof["tags"] = pr["tags"]
            profiles.append(prof)
        body = {"location": LOCATION, "identity": {"type": "SystemAssigned"},
                "properties": {"kubernetesVersion": "", "agentPoolProfiles": profiles}}
        return "PUT", cluster_path(sub, op["rg"], op["cl"]), body
    if t == "cluster_delete":
        return "DELETE", cluster_path(sub, op["rg"], op["cl"]), None
    if t == "pool_put":
        return "PUT", pool_path(sub, op["rg"], op["cl"], op["p"]), pool_body(op)
    if t == "pool_delete":
        return "DELETE", pool_path(sub, op["rg"], op["cl"], op["p"]), None
    raise ValueError(t)


def cm_path(name=None):
    p = "/api/v1/namespaces/%s/configmaps" % KUBE_NS
    return p + "/" + name if name else p


def pod_path(name=None):
    p = "/api/v1/namespaces/%s/pods" % KUBE_NS
    return p + "/" + name if name else p


def kube_request_of(op):
    """-> (method, path, body, content type) of a Kubernetes write."""
    t = op["t"]
    if t == "cm_create":
        return "POST", cm_path(), {"apiVersion": "v1", "kind": "ConfigMap",
                                   "metadata": {"name": op["cm"], "labels": op["labels"]},
                                   "data": op["data"]}, "application/json"
    if t == "cm_put":  # a full update, with the resourceVersion read just before
        return "PUT", cm_path(op["cm"]), {
            "apiVersion": "v1", "kind": "ConfigMap",
            "metadata": {"name": op["cm"], "resourceVersion": op["rv"], "labels": op["labels"],
                         "annotations": op["annotations"]},
            "data": op["data"]}, "application/json"
    if t == "cm_label":
        return "PATCH", cm_path(op["cm"]), {"metadata": {"labels": op["labels"]}}, \
            "application/merge-patch+json"
    if t == "cm_annot":
        return "PATCH", cm_path(op["cm"]), [{"op": "add", "path": "/metadata/annotations",
                                             "value": op["annotations"]}], \
            "application/json-patch+json"
    if t == "cm_delete":
        return "DELETE", cm_path(op["cm"]), None, "application/json"
    if t == "pod_create":
        return "POST", pod_path(), {
            "apiVersion": "v1", "kind": "Pod",
            "metadata": {"name": op["pod"], "labels": op["labels"]},
            "spec": {"containers": [{"name": "c", "image": "nginx"}],
                     "terminationGracePeriodSeconds": 0}}, "application/json"
    if t == "pod_label":
        return "PATCH", pod_path(op["pod"]), {"metadata": {"labels": op["labels"]}}, \
            "application/strategic-merge-patch+json"
    if t == "pod_delete":
        return "DELETE", pod_path(op["pod"]) + "?gracePeriodSeconds=0", None, "application/json"
    raise ValueError(t)


def kubeconfig_file(wal):
    return wal + ".kubeconfig"


def kube_client(data, wal):
    """-> a KubeClient of the test's cluster (host and port of DATA/url), or None before
    kube-setup ran."""
    kf = kubeconfig_file(wal)
    if not os.path.exists(kf):
        return None
    with open(kf) as f:
        kc = KubeClient(data, f.read())
    base = Client(data)
    kc.host, kc.port = base.host, base.port
    return kc


def kube_setup(args):
    """Creates the cluster the Kubernetes writes go to (once, before the first cycle) and keeps
    its admin kubeconfig next to the log."""
    client = Client(args.data)
    sub = subscription_id(client)
    st, _, body = client.request("PUT", rg_path(sub, KUBE_RG), {"location": LOCATION})
    if st not in (200, 201):
        raise SystemExit("kube-setup: resource group PUT answered %d: %s" % (st, body))
    prof = {"name": "sys", "count": 1, "vmSize": VM_SIZE, "osType": "Linux", "mode": "System",
            "type": "VirtualMachineScaleSets"}
    st, _, body = client.request("PUT", cluster_path(sub, KUBE_RG, KUBE_CL), {
        "location": LOCATION, "identity": {"type": "SystemAssigned"},
        "properties": {"kubernetesVersion": "", "agentPoolProfiles": [prof]}})
    if st not in (200, 201):
        raise SystemExit("kube-setup: cluster PUT answered %d: %s" % (st, body))
    end = time.monotonic() + 30
    while True:
        st, body = client.get(cluster_path(sub, KUBE_RG, KUBE_CL))
        if st == 200 and body["properties"]["provisioningState"] == "Succeeded":
            break
        if time.monotonic() > end:
            raise SystemExit("kube-setup: the cluster did not become Succeeded: %s" % body)
        time.sleep(0.05)
    kc = admin_kubeconfig(client, sub, KUBE_RG, KUBE_CL)
    tmp = kubeconfig_file(args.wal) + ".tmp"
    with open(tmp, "w") as f:
        f.write(kc)
        f.flush()
        os.fsync(f.fileno())
    os.rename(tmp, kubeconfig_file(args.wal))
    client.close()
    log("kube-setup: cluster %s/%s is Succeeded; kubeconfig in %s" %
        (KUBE_RG, KUBE_CL, kubeconfig_file(args.wal)))
    return 0


class Load:
    def __init__(self, args):
        self.args = args
        recs = read_wal(args.wal)
        self.workers, problems = replay(recs)
        if problems:
            raise SystemExit("crashload: the log is inconsistent:\n  " + "\n  ".join(problems))
        for w in range(args.workers):
            wk = self.workers.setdefault(w, Worker(w))
            if wk.pending is not None:
                raise SystemExit("crashload: worker %d has an unresolved in-flight write %d; run "
                                 "verify first" % (w, wk.pending[0]))
        self.wal = Wal(args.wal)
        self.stop_at = time.monotonic() + args.max_seconds
        self.prov_s = args.provision_ms / 1000.0
        self.lock = threading.Lock()
        self.stats = {}
        self.acked = 0
        self.inflight = 0
        self.ready_written = False
        self.kube_on = os.path.exists(kubeconfig_file(args.wal))

    def mark_ready(self):
        with self.lock:
            if self.ready_written or not self.args.ready:
                return
            self.ready_written = True
        with open(self.args.ready + ".tmp", "w") as f:
            f.write("ready\n")
        os.rename(self.args.ready + ".tmp", self.args.ready)

    def choose(self, wk, rng, busy, now):
        """Picks the next write of a worker, or None when all its resources are busy."""
        def free(key):
            return busy.get(key, 0.0) <= now

        cands = []  # (weight, op)
        rgs = sorted(wk.rgs)
        if len(rgs) < MAX_RGS:
            cands.append((1.0 if rgs else 100.0, {"t": "rg_put", "rg": "w%dg%d" % (wk.w, wk.next_rg),
                                                  "tags": {"gen": "0"}}))
        if rgs:
            cands.append((0.15, {"t": "rg_put", "rg": rng.choice(rgs),
                                "tags": {"gen": str(rng.randint(1, 999))}}))
            cands.append((0.02, {"t": "rg_delete", "rg": rng.choice(rgs)}))
        if rgs and len(wk.clusters) < MAX_CLUSTERS:
            pools = [{"name": "sys", "count": rng.randint(1, 2), "mode": "System",
                      "labels": {"role": "sys"}, "tags": {}}]
            if rng.random() < 0.5:
                pools.append({"name": "p0", "count": rng.randint(0, MAX_COUNT), "mode": "User",
                              "labels": {"app": "a%d" % rng.randint(0, 9)},
                              "tags": {"owner": "w%d" % wk.w}})
            cands.append((40.0 if not wk.clusters else 0.1,
                          {"t": "cluster_put", "rg": rng.choice(rgs),
                           "cl": "w%dc%d" % (wk.w, wk.next_cluster), "pools": pools}))
        for cname in sorted(wk.clusters):
            c = wk.clusters[cname]
            base = {"rg": c["rg"], "cl": cname}
            cands.append((0.04, dict(base, t="cluster_delete")))
            if not free(("c", cname)):
                continue
            absent = [p for p in USER_POOL_NAMES if p not in c["pools"]]
            nuser = sum(1 for p in c["pools"].values() if p["mode"] == "User")
            if absent and nuser < MAX_USER_POOLS:
                cands.append((3.0, dict(base, t="pool_put", p=rng.choice(absent),
                                        count=rng.randint(0, MAX_COUNT), mode="User",
                                        labels={"app": "a%d" % rng.randint(0, 9)},
                                        tags={"rev": "0"})))
            for pname in sorted(c["pools"]):
                p = c["pools"][pname]
                lo = 1 if p["mode"] == "System" else 0
                hi = 3 if p["mode"] == "System" else MAX_COUNT
                if not free(("p", cname, pname)):
                    # a write that must be refused (409): it may leave no trace
                    cands.append((0.05, dict(base, t="pool_put", p=pname,
                                             count=rng.randint(lo, hi), mode=p["mode"],
                                             labels=p["labels"], tags=p["tags"])))
                    continue
                counts = [n for n in range(lo, hi + 1) if n != p["count"]]
                cands.append((1.6, dict(base, t="pool_put", p=pname, count=rng.choice(counts),
                                        mode=p["mode"], labels=p["labels"], tags=p["tags"])))
                labels = {"app": "a%d" % rng.randint(0, 9)} if rng.random() < 0.8 else {}
                if p["mode"] == "System":
                    labels["role"] = "sys"
                if rng.random() < 0.5:
                    labels["zone"] = "z%d" % rng.randint(1, 3)
                tags = {"rev": str(rng.randint(1, 999))} if rng.random() < 0.8 else {}
                cands.append((1.2, dict(base, t="pool_put", p=pname, count=p["count"],
                                        mode=p["mode"], labels=labels, tags=tags)))
                if p["mode"] == "User":
                    cands.append((0.9, dict(base, t="pool_delete", p=pname)))
        if self.kube_on:
            self.kube_cands(wk, rng, cands)
        cands.append((3.0, None))  # pause a moment: lets the busy resources finish
        total = sum(wt for wt, _ in cands)
        x = rng.random() * total
        for wt, op in cands:
            x -= wt
            if x <= 0:
                return op
        return cands[-1][1]

    def kube_cands(self, wk, rng, cands):
        """The worker's Kubernetes writes: ConfigMaps (create, PUT with resourceVersion, label
        merge patch, annotation JSON patch, delete) and pods (create, label strategic merge
        patch, delete)."""
        w = wk.w
        cms = sorted(wk.cms)
        if len(cms) < MAX_CMS:
            cands.append((1.5 if cms else 6.0,
                          {"t": "cm_create", "cm": "w%d-cm%d" % (w, wk.next_cm),
                           "data": {"v": "v%d" % rng.randint(0, 999)}, "labels": {"gen": "0"}}))
        if cms:
            name = rng.choice(cms)
            cm = wk.cms[name]
            data = {"v": "v%d" % rng.randint(0, 999)}
            if rng.random() < 0.5:
                data["x"] = "x" * rng.randint(1, 2000)
            cands.append((1.2, {"t": "cm_put", "cm": name, "data": data,
                                "labels": dict(cm["labels"]),
                                "annotations": dict(cm["annotations"])}))
            key = "l%d" % rng.randint(0, 2)
            val = None if key in cm["labels"] and rng.random() < 0.3 else "v%d" % rng.randint(0, 99)
            cands.append((1.2, {"t": "cm_label", "cm": name, "labels": {key: val}}))
            ann = {"note": "n%d" % rng.randint(0, 999)}
            if rng.random() < 0.5:
                ann["extra"] = "e%d" % rng.randint(0, 9)
            cands.append((0.9, {"t": "cm_annot", "cm": name, "annotations": ann}))
            cands.append((0.25, {"t": "cm_delete", "cm": name}))
        pods = sorted(wk.pods)
        if len(pods) < MAX_PODS:
            cands.append((0.8, {"t": "pod_create", "pod": "w%d-pod%d" % (w, wk.next_pod),
                                "labels": {"app": "crash", "w": str(w)}}))
        if pods:
            name = rng.choice(pods)
            cands.append((0.8, {"t": "pod_label", "pod": name,
                                "labels": {"gen": str(rng.randint(0, 999))}}))
            cands.append((0.3, {"t": "pod_delete", "pod": name}))

    def run_worker(self, w):
        wk = self.workers[w]
        rng = random.Random("%s/%s/%d" % (self.args.seed, self.args.cycle, w))
        client = Client(self.args.data)
        kube = kube_client(self.args.data, self.args.wal)
        busy = {}
        try:
            sub = subscription_id(client)
        except (OSError, http.client.HTTPException) as e:
            log("worker %d: cannot reach the daemon: %s" % (w, e))
            return
        self.mark_ready()
        while time.monotonic() < self.stop_at:
            now = time.monotonic()
            op = self.choose(wk, rng, busy, now)
            if op is None:
                time.sleep(0.005)
                continue
            is_kube = op["t"] in KUBE_OPS
            if op["t"] == "cm_put":
                try:  # the PUT carries the resourceVersion of the object as it is now
                    st, cur = kube.get(cm_path(op["cm"]))
                except (OSError, http.client.HTTPException):
                    return
                if st != 200:
                    log("worker %d: GET of ConfigMap %s answered %d: %s" % (w, op["cm"], st, cur))
                    with self.lock:
                        self.stats["lost ConfigMap %d" % st] = 1
                    return
                op["rv"] = cur["metadata"]["resourceVersion"]
            n = wk.seq
            wk.seq += 1
            wk.note_intent(n, op)
            self.wal.append({"k": "i", "w": w, "n": n, "c": self.args.cycle, "op": op})
            if is_kube:
                method, path, body, ctype = kube_request_of(op)
            else:
                method, path, body = request_of(sub, op)
                ctype = "application/json"
            try:
                status, hdrs, resp = (kube if is_kube else client).request(method, path, body,
                                                                            ctype)
            except (OSError, http.client.HTTPException):
                # no answer: the daemon is gone and this write is in flight
                with self.lock:
                    self.inflight += 1
                return
            key = "%s %d" % (op["t"], status)
            with self.lock:
                self.stats[key] = self.stats.get(key, 0) + 1
            if 200 <= status < 300:
                rec = {"k": "a", "w": w, "n": n, "s": status}
                aop = hdrs.get("azure-asyncoperation") or (
                    hdrs.get("location") if op["t"] == "rg_delete" else None)
                if aop and not is_kube:
                    u = urllib.parse.urlparse(aop)
                    rec["op_url"] = u.path + ("?" + u.query if u.query else "")
                rv = None
                # (a delete answers the object as it was: the resourceVersion of its last write)
                if is_kube and not op["t"].endswith("_delete") and isinstance(resp, dict) and \
                        resp.get("kind") in ("ConfigMap", "Pod"):
                    rv = (resp.get("metadata") or {}).get("resourceVersion")
                    if rv:
                        rec["rv"] = rv
                if is_kube:
                    # a write that changes nothing (a label set to the value it has) answers the
                    # object as it is - its resourceVersion may be older than the last restart
                    alt = copy.deepcopy(wk)
                    if apply_op(alt, op, rv) is None and alt.cms == wk.cms and alt.pods == wk.pods:
                        rec["noop"] = True
                self.wal.append(rec)  # on disk before the write counts as acknowledged
                why = apply_op(wk, op, rv)
                if why:
                    log("worker %d: the daemon acknowledged an impossible write: %s" % (w, why))
                with self.lock:
                    self.acked += 1
                done = time.monotonic() + self.prov_s + 0.015
                if op["t"] == "cluster_put":
                    busy[("c", op["cl"])] = done
                    for pr in op["pools"]:
                        busy[("p", op["cl"], pr["name"])] = done
                elif op["t"] == "pool_put":
                    busy[("p", op["cl"], op["p"])] = done
                elif op["t"] == "pool_delete":
                    busy[("p", op["cl"], op["p"])] = done
            elif is_kube:
                code = resp.get("reason") if isinstance(resp, dict) else None
                self.wal.append({"k": "r", "w": w, "n": n, "s": status, "code": code})
                log("worker %d: %s %s answered %d: %s" % (w, method, path, status, resp))
            else:
                code = (resp or {}).get("error", {}).get("code") if isinstance(resp, dict) else None
                self.wal.append({"k": "r", "w": w, "n": n, "s": status, "code": code})
                if status >= 500:
                    log("worker %d: %s %s answered %d: %s" % (w, method, path, status, resp))

    def run(self):
        threads = [threading.Thread(target=self.run_worker, args=(w,), daemon=True)
                   for w in range(self.args.workers)]
        for t in threads:
            t.start()
        for t in threads:
            t.join()
        self.wal.close()
        print(json.dumps({"cycle": self.args.cycle, "acked": self.acked,
                          "in_flight": self.inflight, "answers": self.stats}, sort_keys=True))
        refused = sum(v for k, v in self.stats.items() if not k.split()[-1].startswith("2"))
        print("%d writes acknowledged, %d refused, %d in flight at the kill" %
              (self.acked, refused, self.inflight))


# ------------------------------------------------------------------ verify


def b36(n):
    digits = "0123456789abcdefghijklmnopqrstuvwxyz"
    s = ""
    for _ in range(6):
        s = digits[n % 36] + s
        n //= 36
    return s


def rg_of(resource_id):
    parts = resource_id.split("/")
    for i, s in enumerate(parts):
        if s.lower() == "resourcegroups" and i + 1 < len(parts):
            return parts[i + 1]
    return None


class Verify:
    def __init__(self, args):
        self.args = args
        self.client = Client(args.data)
        self.sub = subscription_id(self.client)
        self.kube = kube_client(args.data, args.wal)
        self.violations = []

    def bad(self, msg):
        self.violations.append(msg)

    def must_get(self, path):
        st, body = self.client.get(path)
        if st != 200:
            raise SystemExit("crashload: GET %s answered %d: %s" % (path, st, body))
        return body

    def overview(self):
        rgs = self.must_get("/subscriptions/%s/resourcegroups?api-version=%s" %
                            (self.sub, API_RG))["value"]
        cls = self.must_get("/subscriptions/%s/providers/Microsoft.ContainerService/"
                            "managedClusters?api-version=%s" % (self.sub, API_AKS))["value"]
        return rgs, cls

    def settle(self, op_urls):
        """Waits until nothing is in progress. -> list of what is still in progress on timeout."""
        deadline = time.monotonic() + self.args.settle_seconds
        pending_ops = dict(op_urls)  # url -> description
        self.op_status = {}
        while True:
            waiting = []
            rgs, cls = self.overview()
            for g in rgs:
                ps = g.get("properties", {}).get("provisioningState")
                if ps != "Succeeded":
                    waiting.append("resource group %s is %s" % (g["name"], ps))
            for c in cls:
                ps = c["properties"].get("provisioningState")
                if ps != "Succeeded":
                    waiting.append("cluster %s is %s" % (c["name"], ps))
                for p in c["properties"].get("agentPoolProfiles") or []:
                    if p.get("provisioningState") != "Succeeded":
                        waiting.append("pool %s/%s is %s" % (c["name"], p["name"],
                                                             p.get("provisioningState")))
            for url in sorted(pending_ops):
                st, body = self.client.get(url)
                if st == 404:
                    self.bad("acknowledged operation %s (%s) is lost: GET %s answers 404" %
                             (url.split("/")[-1].split("?")[0], pending_ops[url], url))
                    del pending_ops[url]
                    continue
                status = (body or {}).get("status")
                if "/operationresults/" in url.lower():
                    # resource group deletion: 202 while running, 200/204 once done
                    status = "InProgress" if st == 202 else "Succeeded" if st in (200, 204) \
                        else "Failed"
                    st = 200
                if st == 200 and status in TERMINAL:
                    self.op_status[url] = status
                    del pending_ops[url]
                else:
                    waiting.append("operation %s (%s) is %s" % (url, pending_ops[url], status))
            if not waiting:
                return []
            if time.monotonic() > deadline:
                return waiting
            time.sleep(0.05)

    def snapshot(self):
        rgs, cls = self.overview()
        snap = {"rgs": {g["name"]: g for g in rgs}, "clusters": {}, "vmss": {}}
        for c in cls:
            base = c["id"] + "/agentPools?api-version=" + API_AKS
            pools = self.must_get(base)["value"]
            snap["clusters"][c["name"]] = {"body": c, "pools": {p["name"]: p for p in pools}}
        vmss = self.must_get("/subscriptions/%s/providers/Microsoft.Compute/"
                             "virtualMachineScaleSets?api-version=%s" % (self.sub, API_CMP))["value"]
        for v in vmss:
            vms = self.must_get(v["id"] + "/virtualMachines?api-version=" + API_CMP)["value"]
            snap["vmss"][v["id"].lower()] = {"body": v, "vms": vms}
        if self.kube:
            snap["cms"], snap["pods"] = {}, {}
            lst = self.kube_get(cm_path())
            snap["kube_rv"] = int(lst["metadata"]["resourceVersion"])
            for o in lst["items"]:
                if CM_RE.match(o["metadata"]["name"]):
                    snap["cms"][o["metadata"]["name"]] = o
            for o in self.kube_get(pod_path())["items"]:
                # a deleted pod still terminating counts as deleted
                if POD_RE.match(o["metadata"]["name"]) and \
                        not o["metadata"].get("deletionTimestamp"):
                    snap["pods"][o["metadata"]["name"]] = o
        return snap

    def kube_get(self, path):
        st, body = self.kube.get(path)
        if st != 200:
            raise SystemExit("crashload: GET (Kubernetes) %s answered %d: %s" % (path, st, body))
        return body

    def check_kube_rvs(self, recs, workers, resolution, snap):
        """resourceVersions: a ConfigMap nobody wrote since its last acknowledged write keeps
        that write's resourceVersion; the store's never goes back below an acknowledged one;
        writes after a restart get resourceVersions above everything the previous verify saw;
        a watch from the last acknowledged resourceVersion before the kill either answers 410
        Gone or streams newer events only. The resolution of an in-flight write on a ConfigMap
        gets the resourceVersion found (and one that changed nothing visible - a label set to
        the value it had - is present when the resourceVersion moved)."""
        cur = int(snap["kube_rv"])
        intents = {}
        acked_rvs, this_cycle, prev_mark = [], [], 0
        obj_rv = {}  # ConfigMap or pod -> the resourceVersion of its last known write
        for r in recs:
            if r["k"] == "i":
                intents[(r["w"], r["n"])] = r
                continue
            if r["k"] == "m":
                if r["c"] < self.args.cycle:
                    prev_mark = max(prev_mark, int(r["rv"]))
                continue
            i = intents.get((r["w"], r["n"]))
            if not i or not r.get("rv") or r["k"] not in ("a", "v"):
                continue
            obj = i["op"].get("cm") or i["op"].get("pod")
            rv, last = int(r["rv"]), obj_rv.get(obj)
            obj_rv[obj] = rv
            if r["k"] != "a":
                continue
            acked_rvs.append(rv)
            if r.get("noop"):
                continue  # it answered the object as it was (see Load.run_worker)
            if last is not None and rv < last:
                self.bad("worker %d write %d (%s %s) was acknowledged with resourceVersion %d, "
                         "below %d of its previous write" % (i["w"], i["n"], i["op"]["t"], obj,
                                                             rv, last))
            if i["c"] == self.args.cycle and rv != last:
                this_cycle.append((rv, i))
        if acked_rvs and cur < max(acked_rvs):
            self.bad("the Kubernetes resourceVersion went backwards across the restart: the store "
                     "is at %d, a write was acknowledged with %d" % (cur, max(acked_rvs)))
        for rv, i in this_cycle:
            if rv <= prev_mark:
                self.bad("worker %d write %d (%s) was acknowledged with resourceVersion %d, not "
                         "above %d that the store had reached before (reused after a restart)" %
                         (i["w"], i["n"], i["op"]["t"], rv, prev_mark))
        for w, wk in workers.items():
            pend = wk.pending[1] if wk.pending else None
            res = resolution.get(w)
            for name in wk.cms:
                o = snap["cms"].get(name)
                if o is None:
                    continue  # reported by the comparison of the views
                got = int(o["metadata"]["resourceVersion"])
                want = wk.cm_rv.get(name)
                if want is None:
                    continue  # (an in-flight create found present before the log kept rvs)
                want = int(want)
                if pend and pend.get("cm") == name and res is not None:
                    if got > want and not res["present"] and pend["t"] != "cm_delete":
                        res["present"] = True  # it wrote what was there already
                    if res["present"]:
                        res["rv"] = str(got)
                        if got <= want:
                            self.bad("ConfigMap %s: in-flight write %d is there but its "
                                     "resourceVersion %d is not above %d" % (name, res["n"], got,
                                                                            want))
                        continue
                if got != want:
                    self.bad("ConfigMap %s has resourceVersion %d; its last acknowledged write "
                             "answered %d and nothing wrote it since" % (name, got, want))
            if pend and pend["t"] == "cm_create" and res is not None and res["present"] and \
                    pend["cm"] in snap["cms"]:
                res["rv"] = snap["cms"][pend["cm"]]["metadata"]["resourceVersion"]
        if this_cycle:
            self.check_watch(max(rv for rv, _ in this_cycle))

    def check_watch(self, rv):
        self.watch_lines(cm_path() + "?watch=1&resourceVersion=%d&timeoutSeconds=1" % rv, rv)

    def watch_lines(self, path, rv):
        """Reads the watch as JSON lines (Client.request parses one document only)."""
        c = self.kube
        conn = http.client.HTTPSConnection(c.host, c.port, context=c.ctx, timeout=15)
        raw = b""
        try:
            conn.request("GET", c.prefix + path, headers={"Authorization": "Bearer " + c.token,
                                                          "Accept": "application/json"})
            r = conn.getresponse()
            # what the watch has to say from that resourceVersion comes at once; then it idles
            # until timeoutSeconds: 0.3 s of silence is the end here
            conn.sock.settimeout(0.3)
            try:
                while True:
                    chunk = r.read1(65536)
                    if not chunk:
                        break
                    raw += chunk
            except TimeoutError:
                pass
        except (OSError, http.client.HTTPException) as e:
            self.bad("a watch from resourceVersion %d failed: %s" % (rv, e))
            return
        finally:
            conn.close()
        if r.status == 410:
            self.watch_result = "410"
            return
        if r.status != 200:
            self.bad("a watch from resourceVersion %d answered %d: %s" % (rv, r.status, raw[:300]))
            return
        n = 0
        lines = raw.splitlines()
        if lines and not raw.endswith(b"\n"):
            lines.pop()  # cut by the timeout in the middle of an event
        for line in lines:
            if not line.strip():
                continue
            ev = json.loads(line)
            obj = ev.get("object") or {}
            if ev.get("type") == "ERROR":
                if obj.get("code") != 410:
                    self.bad("a watch from resourceVersion %d ended with an error: %s" % (rv, obj))
                self.watch_result = "410 event"
                return
            erv = int((obj.get("metadata") or {}).get("resourceVersion") or 0)
            if erv <= rv:
                self.bad("a watch from resourceVersion %d after the restart streamed an older "
                         "event (%s %s at %d)" % (rv, ev.get("type"),
                                                  (obj.get("metadata") or {}).get("name"), erv))
            n += 1
        self.watch_result = "%d events" % n

    def check_global(self, snap):
        rgs = {n.lower(): g for n, g in snap["rgs"].items()}
        cluster_ids = {}
        for cname, c in snap["clusters"].items():
            body = c["body"]
            cluster_ids[body["id"].lower()] = cname
        vmss_by_rg = {}
        for vid, v in snap["vmss"].items():
            vmss_by_rg.setdefault((rg_of(v["body"]["id"]) or "").lower(), []).append(v)
        node_rgs = set()
        for cname, c in snap["clusters"].items():
            body = c["body"]
            props = body["properties"]
            nrg = props.get("nodeResourceGroup") or ""
            node_rgs.add(nrg.lower())
            g = rgs.get(nrg.lower())
            if g is None:
                self.bad("cluster %s: its node resource group %s does not exist" % (cname, nrg))
            elif (g.get("managedBy") or "").lower() != body["id"].lower():
                self.bad("cluster %s: node resource group %s is managedBy %r" %
                         (cname, nrg, g.get("managedBy")))
            if props.get("provisioningState") != "Succeeded":
                self.bad("cluster %s is %s after settling" % (cname, props.get("provisioningState")))
            prof = {p["name"]: p for p in props.get("agentPoolProfiles") or []}
            pools = c["pools"]
            if set(prof) != set(pools):
                self.bad("cluster %s: agentPoolProfiles %s but agentPools %s" %
                         (cname, sorted(prof), sorted(pools)))
            vmss = {}
            for v in vmss_by_rg.get(nrg.lower(), []):
                pn = (v["body"].get("tags") or {}).get("aks-managed-poolName")
                if pn in vmss:
                    self.bad("cluster %s: pool %s has two scale sets" % (cname, pn))
                vmss[pn] = v
            for pn in sorted(set(vmss) - set(pools)):
                self.bad("cluster %s: scale set %s has no agent pool (orphan)" %
                         (cname, vmss[pn]["body"]["name"]))
            for pn, p in sorted(pools.items()):
                pp = p["properties"]
                where = "pool %s/%s" % (cname, pn)
                if pp.get("provisioningState") != "Succeeded":
                    self.bad("%s is %s after settling" % (where, pp.get("provisioningState")))
                if pn in prof and prof[pn].get("count") != pp.get("count"):
                    self.bad("%s: count %s in the cluster's profile, %s in agentPools" %
                             (where, prof[pn].get("count"), pp.get("count")))
                v = vmss.get(pn)
                if v is None:
                    self.bad("%s has no scale set" % where)
                    continue
                vb = v["body"]
                vname = vb["name"]
                if not re.match(r"^aks-%s-\d{8}-vmss$" % re.escape(pn), vname):
                    self.bad("%s: scale set name %s does not follow aks-<pool>-<suffix>-vmss" %
                             (where, vname))
                if vb.get("sku", {}).get("capacity") != pp.get("count"):
                    self.bad("%s: count %s but scale set %s has capacity %s" %
                             (where, pp.get("count"), vname, vb.get("sku", {}).get("capacity")))
                if vb.get("properties", {}).get("provisioningState") != "Succeeded":
                    self.bad("%s: scale set %s is %s" %
                             (where, vname, vb.get("properties", {}).get("provisioningState")))
                vtags = vb.get("tags") or {}
                for k, val in (pp.get("tags") or {}).items():
                    if vtags.get(k) != val:
                        self.bad("%s: pool tag %s=%s missing on scale set %s" % (where, k, val, vname))
                vms = v["vms"]
                if len(vms) != pp.get("count"):
                    self.bad("%s: count %s but %s lists %d virtual machines" %
                             (where, pp.get("count"), vname, len(vms)))
                seen = set()
                for vm in vms:
                    iid = vm.get("instanceId")
                    try:
                        n = int(iid)
                    except (TypeError, ValueError):
                        self.bad("%s: instance with instanceId %r" % (where, iid))
                        continue
                    if n in seen:
                        self.bad("%s: instance id %d listed twice" % (where, n))
                    seen.add(n)
                    if vm.get("name") != "%s_%d" % (vname, n):
                        self.bad("%s: instance %d is named %s, expected %s_%d" %
                                 (where, n, vm.get("name"), vname, n))
                    cn = vm.get("properties", {}).get("osProfile", {}).get("computerName")
                    if cn != vname + b36(n):
                        self.bad("%s: instance %d has computerName %s, expected %s" %
                                 (where, n, cn, vname + b36(n)))
                    ps = vm.get("properties", {}).get("provisioningState")
                    if ps != "Succeeded":
                        self.bad("%s: instance %d is %s after settling" % (where, n, ps))
        for rgname, vs in vmss_by_rg.items():
            if rgname not in node_rgs:
                for v in vs:
                    self.bad("scale set %s in %s belongs to no cluster (orphan)" %
                             (v["body"]["name"], rgname))
        for n, g in snap["rgs"].items():
            mb = g.get("managedBy")
            if mb and mb.lower() not in cluster_ids:
                self.bad("node resource group %s outlived its cluster %s (orphan)" % (n, mb))
            if not mb and not RG_RE.match(n) and not (self.kube and n == KUBE_RG):
                self.bad("resource group %s was never created by the test" % n)
            if g.get("properties", {}).get("provisioningState") != "Succeeded":
                self.bad("resource group %s is %s after settling" %
                         (n, g.get("properties", {}).get("provisioningState")))
        for cname in snap["clusters"]:
            if not CL_RE.match(cname) and not (self.kube and cname == KUBE_CL):
                self.bad("cluster %s was never created by the test" % cname)

    def observed_views(self, snap):
        views = {}

        def view(w):
            return views.setdefault(w, empty_view())

        for n, g in snap["rgs"].items():
            m = RG_RE.match(n)
            if m:
                view(int(m.group(1)))["rgs"][n] = dict(g.get("tags") or {})
        vmss_by_pool = {}
        for v in snap["vmss"].values():
            pn = (v["body"].get("tags") or {}).get("aks-managed-poolName")
            vmss_by_pool[((rg_of(v["body"]["id"]) or "").lower(), pn)] = v
        for cname, c in snap["clusters"].items():
            m = CL_RE.match(cname)
            if not m:
                continue
            body = c["body"]
            nrg = (body["properties"].get("nodeResourceGroup") or "").lower()
            pools = {}
            for pn, p in c["pools"].items():
                pp = p["properties"]
                v = vmss_by_pool.get((nrg, pn))
                ids = sorted(int(vm["instanceId"]) for vm in v["vms"]) if v else None
                pools[pn] = {"count": pp.get("count"), "labels": dict(pp.get("nodeLabels") or {}),
                             "tags": dict(pp.get("tags") or {}), "mode": pp.get("mode"),
                             "ids": ids}
            view(int(m.group(1)))["clusters"][cname] = {"rg": rg_of(body["id"]), "pools": pools}
        for name, o in (snap.get("cms") or {}).items():
            md = o.get("metadata") or {}
            view(int(CM_RE.match(name).group(1)))["cms"][name] = {
                "data": o.get("data") or {}, "labels": md.get("labels") or {},
                "annotations": md.get("annotations") or {}}
        for name, o in (snap.get("pods") or {}).items():
            view(int(POD_RE.match(name).group(1)))["pods"][name] = \
                (o.get("metadata") or {}).get("labels") or {}
        return views

    def run(self):
        recs = read_wal(self.args.wal)
        workers, problems = replay(recs)
        for p in problems:
            self.bad("log: " + p)
        # the acknowledged operations of this cycle must all finish
        intents = {}
        op_urls = {}
        acked = 0
        for r in recs:
            if r["k"] == "i":
                intents[(r["w"], r["n"])] = r
            elif r["k"] == "a":
                i = intents.get((r["w"], r["n"]))
                if i and i["c"] == self.args.cycle:
                    acked += 1
                    if r.get("op_url"):
                        op = i["op"]
                        op_urls[r["op_url"]] = "%s %s%s acknowledged %d" % (
                            op["t"], op.get("cl", op.get("rg")),
                            "/" + op["p"] if "p" in op else "", r["s"])
        stuck = self.settle(op_urls)
        if stuck:
            self.bad("still in progress %.0f s after the restart (stuck):\n      %s" %
                     (self.args.settle_seconds, "\n      ".join(stuck[:30])))
            return self.report(0, 0, 0)
        for url, status in sorted(self.op_status.items()):
            if status == "Failed":
                self.bad("acknowledged operation %s (%s) Failed" % (url, op_urls[url]))
        snap = self.snapshot()
        self.check_global(snap)
        views = self.observed_views(snap)
        present = absent = 0
        resolutions = []
        for w in sorted(set(workers) | set(views)):
            wk = workers.get(w) or Worker(w)
            obs = views.get(w, empty_view())
            exp = expected_view(wk)
            if wk.pending is None:
                if obs != exp:
                    self.bad("worker %d: the state differs from what its acknowledged writes "
                             "imply:\n%s" % (w, diff(exp, obs)))
                continue
            n, op = wk.pending
            alt = copy.deepcopy(wk)
            why = apply_op(alt, op)
            alt_exp = expected_view(alt) if why is None else None
            if obs == exp:
                absent += 1
                resolutions.append({"k": "v", "w": w, "n": n, "present": False})
            elif alt_exp is not None and obs == alt_exp:
                present += 1
                resolutions.append({"k": "v", "w": w, "n": n, "present": True})
            else:
                self.bad("worker %d: in-flight write %d %s is neither fully absent nor fully "
                         "present.\n    compared with the write absent:\n%s%s" %
                         (w, n, json.dumps(op, sort_keys=True), diff(exp, obs),
                          "\n    compared with the write present:\n" + diff(alt_exp, obs)
                          if alt_exp is not None else "\n    (it cannot apply: %s)" % why))
        if self.kube:
            self.check_kube_rvs(recs, workers, {r["w"]: r for r in resolutions}, snap)
            resolutions.append({"k": "m", "c": self.args.cycle, "rv": snap["kube_rv"]})
        if not self.violations:
            wal = Wal(self.args.wal)
            for r in resolutions:
                wal.append(r)
            wal.close()
        return self.report(acked, present, absent, snap)

    def report(self, acked, present, absent, snap=None):
        summary = {"cycle": self.args.cycle, "acked_this_cycle": acked,
                   "in_flight_present": present, "in_flight_absent": absent,
                   "op_status": {}}
        for s in getattr(self, "op_status", {}).values():
            summary["op_status"][s] = summary["op_status"].get(s, 0) + 1
        if snap is not None:
            summary["clusters"] = len(snap["clusters"])
            summary["pools"] = sum(len(c["pools"]) for c in snap["clusters"].values())
            summary["instances"] = sum(len(v["vms"]) for v in snap["vmss"].values())
            if "cms" in snap:
                summary["configmaps"] = len(snap["cms"])
                summary["pods"] = len(snap["pods"])
                summary["kube_rv"] = snap["kube_rv"]
                summary["watch"] = getattr(self, "watch_result", "-")
        print(json.dumps(summary, sort_keys=True))
        ops = ", ".join("%d %s" % (n, s) for s, n in sorted(summary["op_status"].items()))
        print("in flight: %d present, %d absent; operations: %s; world: %s clusters, %s pools, "
              "%s instances%s" % (present, absent, ops or "none", summary.get("clusters", "?"),
                                  summary.get("pools", "?"), summary.get("instances", "?"),
                                  "; %s ConfigMaps, %s pods, resourceVersion %s, watch from the "
                                  "last acknowledged one: %s" % (
                                      summary["configmaps"], summary["pods"], summary["kube_rv"],
                                      summary["watch"]) if "configmaps" in summary else ""))
        if self.violations:
            sys.stderr.write("crash consistency violations (cycle %d):\n" % self.args.cycle)
            for v in self.violations:
                sys.stderr.write("  - %s\n" % v)
            return 1
        return 0


def empty_view():
    return {"rgs": {}, "clusters": {}, "cms": {}, "pods": {}}


def diff(exp, obs, path=""):
    """A short readable difference of two nested dicts."""
    out = []

    def walk(a, b, p):
        if isinstance(a, dict) and isinstance(b, dict):
            for k in sorted(set(a) | set(b), key=str):
                if k not in b:
                    out.append("      %s/%s: expected %s, missing" % (p, k, json.dumps(a[k], sort_keys=True)))
                elif k not in a:
                    out.append("      %s/%s: unexpected %s" % (p, k, json.dumps(b[k], sort_keys=True)))
                else:
                    walk(a[k], b[k], "%s/%s" % (p, k))
        elif a != b:
            out.append("      %s: expected %s, got %s" % (p, json.dumps(a), json.dumps(b)))

    walk(exp, obs, path)
    return "\n".join(out[:40])


# ------------------------------------------------------------------ self-test


def selftest(args):
    """Proves that `verify` is not vacuous, on a fresh daemon: it must accept an in-flight write
    that is fully present and one that is fully absent, and reject a lost acknowledged write, a
    change nobody acknowledged, and a scale nobody asked for; and for the Kubernetes writes a
    lost ConfigMap create, unacknowledged label changes, a resourceVersion that moved without a
    write, a half-applied update and a lost pod delete."""
    import contextlib
    import io
    wal_path = args.wal
    for f in (wal_path, kubeconfig_file(wal_path)):
        if os.path.exists(f):
            os.unlink(f)
    client = Client(args.data)
    sub = subscription_id(client)
    kube_setup(args)
    kube = kube_client(args.data, wal_path)
    wal = Wal(wal_path)
    cycle = [0]

    def verify_ok(expect_ok, what):
        cycle[0] += 1
        va = argparse.Namespace(data=args.data, wal=wal_path, cycle=cycle[0], settle_seconds=20.0)
        out, err = io.StringIO(), io.StringIO()
        with contextlib.redirect_stdout(out), contextlib.redirect_stderr(err):
            rc = Verify(va).run()
        if (rc == 0) != expect_ok:
            sys.stderr.write(err.getvalue())
            raise SystemExit("selftest: verify %s %s" % ("rejected" if expect_ok else "accepted",
                                                         what))
        log("selftest: verify %s %s" % ("accepts" if expect_ok else "rejects", what))
        return json.loads(out.getvalue().strip().splitlines()[0]) if rc == 0 else None

    seq = [0]

    def do(op, ack=True, send=True):
        n = seq
        rec = {"k": "i", "w": 0, "n": n[0], "c": cycle[0] + 1, "op": op}
        wal.append(rec)
        status = None
        if send:
            if op["t"] in KUBE_OPS:
                status, hdrs, resp = kube.request(*kube_request_of(op))
            else:
                status, hdrs, resp = client.request(*request_of(sub, op))
            if not 200 <= status < 300:
                raise SystemExit("selftest: %s answered %d: %s" % (op["t"], status, resp))
            if ack:
                a = {"k": "a", "w": 0, "n": n[0], "s": status}
                if op["t"] in KUBE_OPS and not op["t"].endswith("_delete") and \
                        resp.get("kind") in ("ConfigMap", "Pod"):
                    a["rv"] = resp["metadata"]["resourceVersion"]
                aop = hdrs.get("azure-asyncoperation")
                if aop:
                    u = urllib.parse.urlparse(aop)
                    a["op_url"] = u.path + "?" + u.query
                wal.append(a)
        n[0] += 1
        return status

    def drop_last(k):
        with open(wal_path, "rb") as f:
            lines = f.readlines()
        with open(wal_path, "wb") as f:
            f.writelines(lines[:-k])

    # an in-flight write that the daemon committed: fully present
    do({"t": "rg_put", "rg": "w0g0", "tags": {"gen": "0"}}, ack=False)
    s = verify_ok(True, "an in-flight write that is fully present")
    assert s["in_flight_present"] == 1, s
    # an in-flight write the daemon never saw: fully absent
    do({"t": "rg_put", "rg": "w0g1", "tags": {}}, send=False)
    s = verify_ok(True, "an in-flight write that is fully absent")
    assert s["in_flight_absent"] == 1, s
    # acknowledged writes of a cluster and a pool: present
    do({"t": "cluster_put", "rg": "w0g0", "cl": "w0c0",
        "pools": [{"name": "sys", "count": 1, "mode": "System", "labels": {}, "tags": {}}]})
    verify_ok(True, "an acknowledged cluster create")
    do({"t": "pool_put", "rg": "w0g0", "cl": "w0c0", "p": "p0", "count": 3, "mode": "User",
        "labels": {"app": "x"}, "tags": {"rev": "1"}})
    verify_ok(True, "an acknowledged pool create")
    # an acknowledged write that is not there (lost)
    wal.append({"k": "i", "w": 0, "n": 100, "c": cycle[0] + 1,
                "op": {"t": "rg_put", "rg": "w0g5", "tags": {}}})
    wal.append({"k": "a", "w": 0, "n": 100, "s": 201})
    verify_ok(False, "an acknowledged resource group create that is missing")
    drop_last(2)
    # a change nobody acknowledged (the log says count 3)
    p = {"t": "pool_put", "rg": "w0g0", "cl": "w0c0", "p": "p0", "count": 2, "mode": "User",
         "labels": {"app": "x"}, "tags": {"rev": "1"}}
    client.request(*request_of(sub, p))
    verify_ok(False, "a pool scale that was never acknowledged")
    # an in-flight write that cannot explain what is there (count 1, but 2 is there)
    do(dict(p, count=1), send=False)
    verify_ok(False, "an in-flight write whose state is neither absent nor present")
    drop_last(1)
    # acknowledging the scale to 2 makes the world consistent again
    do(p, send=False, ack=False)
    wal.append({"k": "a", "w": 0, "n": seq[0] - 1, "s": 200})
    verify_ok(True, "the same scale, acknowledged")
    # a label change nobody acknowledged
    client.request(*request_of(sub, dict(p, labels={"app": "y"})))
    verify_ok(False, "a label change that was never acknowledged")
    client.request(*request_of(sub, p))
    verify_ok(True, "the labels put back")
    # ---- the Kubernetes writes
    do({"t": "cm_create", "cm": "w0-cm0", "data": {"v": "1"}, "labels": {"gen": "0"}})
    verify_ok(True, "an acknowledged ConfigMap create")
    do({"t": "cm_label", "cm": "w0-cm0", "labels": {"l0": "a"}}, ack=False)
    s = verify_ok(True, "an in-flight label merge patch that is fully present")
    assert s["in_flight_present"] == 1, s
    do({"t": "cm_annot", "cm": "w0-cm0", "annotations": {"note": "n"}}, send=False)
    s = verify_ok(True, "an in-flight annotation JSON patch that is fully absent")
    assert s["in_flight_absent"] == 1, s
    wal.append({"k": "i", "w": 0, "n": 200, "c": cycle[0] + 1,
                "op": {"t": "cm_create", "cm": "w0-cm7", "data": {"v": "1"}, "labels": {}}})
    wal.append({"k": "a", "w": 0, "n": 200, "s": 201, "rv": "1"})
    verify_ok(False, "an acknowledged ConfigMap create that is missing")
    drop_last(2)
    kube.request(*kube_request_of({"t": "cm_label", "cm": "w0-cm0", "labels": {"x": "y"}}))
    verify_ok(False, "a ConfigMap label change that was never acknowledged")
    kube.request(*kube_request_of({"t": "cm_label", "cm": "w0-cm0", "labels": {"x": None}}))
    verify_ok(False, "a ConfigMap whose resourceVersion moved without an acknowledged write "
                     "(labels put back as they were)")
    do({"t": "cm_label", "cm": "w0-cm0", "labels": {"l1": "b"}})
    verify_ok(True, "the ConfigMap written again, acknowledged")
    # a half-applied update: the log's in-flight PUT has two keys, the daemon holds one
    _, cur = kube.get(cm_path("w0-cm0"))
    put = {"t": "cm_put", "cm": "w0-cm0", "data": {"a": "1", "b": "2"},
           "labels": {"gen": "0", "l0": "a", "l1": "b"}, "annotations": {}}
    kube.request(*kube_request_of(dict(put, data={"a": "1"}, rv=cur["metadata"]["resourceVersion"])))
    do(dict(put, rv="0"), send=False)
    verify_ok(False, "an in-flight ConfigMap update that is half there")
    drop_last(1)
    _, cur = kube.get(cm_path("w0-cm0"))
    do(dict(put, rv=cur["metadata"]["resourceVersion"]))
    verify_ok(True, "the whole update, acknowledged")
    do({"t": "pod_create", "pod": "w0-pod0", "labels": {"app": "crash"}})
    do({"t": "pod_label", "pod": "w0-pod0", "labels": {"gen": "1"}})
    verify_ok(True, "an acknowledged pod create and label strategic merge patch")
    kube.request(*kube_request_of({"t": "pod_label", "pod": "w0-pod0", "labels": {"gen": "2"}}))
    verify_ok(False, "a pod label change that was never acknowledged")
    do({"t": "pod_label", "pod": "w0-pod0", "labels": {"gen": "2"}}, send=False, ack=False)
    wal.append({"k": "a", "w": 0, "n": seq[0] - 1, "s": 200})
    verify_ok(True, "the pod label change, acknowledged")
    do({"t": "pod_delete", "pod": "w0-pod0"}, send=False, ack=False)
    wal.append({"k": "a", "w": 0, "n": seq[0] - 1, "s": 200})
    verify_ok(False, "an acknowledged pod delete whose pod is still there")
    drop_last(2)
    do({"t": "cm_delete", "cm": "w0-cm0"})
    verify_ok(True, "an acknowledged ConfigMap delete")
    kube.close()
    # an acknowledged pool delete whose pool is still there
    do({"t": "pool_delete", "rg": "w0g0", "cl": "w0c0", "p": "p0"}, send=False, ack=False)
    wal.append({"k": "a", "w": 0, "n": seq[0] - 1, "s": 202})
    verify_ok(False, "an acknowledged pool delete whose pool is still there")
    wal.close()
    client.close()
    print("selftest passed")
    return 0


def main():
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    sp = ap.add_subparsers(dest="cmd", required=True)
    lp = sp.add_parser("load")
    lp.add_argument("--data", required=True)
    lp.add_argument("--wal", required=True)
    lp.add_argument("--seed", required=True)
    lp.add_argument("--cycle", type=int, required=True)
    lp.add_argument("--workers", type=int, default=6)
    lp.add_argument("--provision-ms", type=int, default=100)
    lp.add_argument("--ready", default="")
    lp.add_argument("--max-seconds", type=float, default=20.0)
    vp = sp.add_parser("verify")
    vp.add_argument("--data", required=True)
    vp.add_argument("--wal", required=True)
    vp.add_argument("--cycle", type=int, required=True)
    vp.add_argument("--settle-seconds", type=float, default=20.0)
    kp = sp.add_parser("kube-setup")
    kp.add_argument("--data", required=True)
    kp.add_argument("--wal", required=True)
    tp = sp.add_parser("selftest")
    tp.add_argument("--data", required=True)
    tp.add_argument("--wal", required=True)
    args = ap.parse_args()
    if args.cmd == "selftest":
        return selftest(args)
    if args.cmd == "kube-setup":
        return kube_setup(args)
    if args.cmd == "load":
        Load(args).run()
        return 0
    return Verify(args).run()


if __name__ == "__main__":
    sys.exit(main())
