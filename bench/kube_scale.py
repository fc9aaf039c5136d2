#!/usr/bin/env python3
"""kube_scale.py - the whole daemon at AKS's size limits (not a test; `make bench-scale`).

Against a running daemon (its data directory holds the URL and CA) it builds one cluster with
NODES nodes in POOLS node pools through the ARM API - a dedicated system pool
(CriticalAddonsOnly=true:NoSchedule), spot pools (kubernetes.azure.com/scalesetpriority=spot
:NoSchedule) and user pools in three workload classes - waits for every node to be Ready in the
cluster's Kubernetes API, then creates deployments whose replicas add up to PODS pods with mixed
requests, node selectors (a pool, a workload class, the spot label) and tolerations, and waits for
every pod to be bound and running. It prints:

  * ARM: time to create the pools; Kubernetes: time until all nodes are Ready;
  * pods/s end to end (deployment created -> replica sets -> pods -> scheduled -> running),
    and the pods still Pending (they must be the ones that do not fit);
  * the daemon's RSS before the cluster, with the nodes, with the pods, and its peak (VmHWM),
    giving bytes per node and per pod;
  * LIST latency of nodes and pods (JSON and Table, as kubectl asks) over HTTPS, and the wall
    time of the real `kubectl get nodes` and `kubectl get pods -A` (output to /dev/null).

usage: kube_scale.py --data DIR --pid PID [--nodes 5000] [--pools 100] [--pods 150000]
                     [--kubectl kubectl] [--label TEXT]
"""
import argparse
import base64
import http.client
import json
import os
import random
import ssl
import subprocess
import sys
import tempfile
import time
import urllib.parse

SUB = "00000000-0000-0000-0000-000000000001"
API_AKS = "2022-11-01"
RG, CL, LOC = "scaleRG", "scaleAKS", "eastus"
USER_SIZE = "Standard_E8s_v3"
SYSTEM_SIZE = "Standard_D8s_v5"


def log(msg):
    sys.stderr.write("kube_scale: %s\n" % msg)
    sys.stderr.flush()


class Conn:
    def __init__(self, url, ca, token="bench"):
        u = urllib.parse.urlparse(url)
        self.host, self.port = u.hostname, u.port
        self.ctx = ssl.create_default_context(cafile=ca)
        self.token = token
        self.c = None

    def req(self, method, path, body=None, accept="application/json", ctype="application/json"):
        for attempt in range(3):
            if self.c is None:
                self.c = http.client.HTTPSConnection(self.host, self.port, context=self.ctx, timeout=300)
            try:
                hdr = {"Authorization": "Bearer " + self.token, "Accept": accept}
                data = None
                if body is not None:
                    data = body if isinstance(body, bytes) else json.dumps(body).encode()
                    hdr["Content-Type"] = ctype
                self.c.request(method, path, body=data, headers=hdr)
                r = self.c.getresponse()
                raw = r.read()
                return r.status, raw
            except (http.client.HTTPException, OSError):
                self.c.close()
                self.c = None
                if attempt == 2:
                    raise
        raise RuntimeError("unreachable")

    def json(self, method, path, body=None, ok=(200, 201, 202)):
        st, raw = self.req(method, path, body)
        if st not in ok:
            raise RuntimeError("%s %s -> %d %s" % (method, path, st, raw[:400]))
        return json.loads(raw) if raw else None


def rss_kib(pid):
    v = {}
    with open("/proc/%d/status" % pid) as f:
        for line in f:
            k, _, rest = line.partition(":")
            if k in ("VmRSS", "VmHWM"):
                v[k] = int(rest.split()[0])
    return v["VmRSS"], v["VmHWM"]


def arm_path(tail):
    return "/subscriptions/%s/resourceGroups/%s%s" % (SUB, RG, tail)


def pool_plan(npools, nodes):
    """[(name, kind, count, size, workload class)] adding up to `nodes`."""
    nspot = max(1, npools // 5)
    nuser = npools - 1 - nspot
    per = nodes // npools
    plan = [("system", "system", per, SYSTEM_SIZE, None)]
    for i in range(nspot):
        plan.append(("spot%02d" % i, "spot", per, USER_SIZE, None))
    for i in range(nuser):
        plan.append(("user%02d" % i, "user", per, USER_SIZE, "class%d" % (i % 3)))
    short = nodes - per * npools
    for i in range(short):
        n, k, c, s, w = plan[-1 - (i % nuser)]
        plan[-1 - (i % nuser)] = (n, k, c + 1, s, w)
    return plan


def pool_body(kind, count, size, wl):
    p = {"properties": {"count": count, "vmSize": size, "osType": "Linux", "type": "VirtualMachineScaleSets",
                        "mode": "System" if kind == "system" else "User", "maxPods": 110}}
    if kind == "system":
        p["properties"]["nodeTaints"] = ["CriticalAddonsOnly=true:NoSchedule"]
    if kind == "spot":
        p["properties"].update({"scaleSetPriority": "Spot", "scaleSetEvictionPolicy": "Delete", "spotMaxPrice": -1})
    if wl:
        p["properties"]["nodeLabels"] = {"workload": wl}
    return p


def wait_arm(conn, what, pred, timeout):
    end = time.time() + timeout
    while time.time() < end:
        if pred():
            return
        time.sleep(0.2)
    raise RuntimeError("timed out waiting for " + what)


def deployment(name, replicas, cpu_m, mem_mi, selector, tolerations):
    spec = {"containers": [{"name": "app", "image": "example/%s:1" % name,
                            "resources": {"requests": {"cpu": "%dm" % cpu_m, "memory": "%dMi" % mem_mi}}}]}
    if selector:
        spec["nodeSelector"] = selector
    if tolerations:
        spec["tolerations"] = tolerations
    return {"apiVersion": "apps/v1", "kind": "Deployment", "metadata": {"name": name, "namespace": "bench"},
            "spec": {"replicas": replicas, "selector": {"matchLabels": {"app": name}},
                     "template": {"metadata": {"labels": {"app": name}}, "spec": spec}}}


def workload(plan, pods, rng):
    """Deployments adding up to `pods` replicas: 40% pinned to one user pool, 25% to a workload
    class, 15% to spot (tolerating its taint), 20% unconstrained."""
    users = [p for p in plan if p[1] == "user"]
    deps = []
    left = pods
    i = 0
    while left > 0:
        n = min(left, rng.choice((500, 1000, 1500, 2000)))
        r = rng.random()
        cpu = rng.choice((50, 100, 200, 250))
        mem = rng.choice((128, 256, 512, 1024))
        if r < 0.40:
            pool = users[i % len(users)]
            n = min(n, pool[2] * 20)
            d = deployment("pin%03d" % i, n, cpu, mem, {"agentpool": pool[0]}, None)
        elif r < 0.65:
            d = deployment("cls%03d" % i, n, cpu, mem, {"workload": "class%d" % (i % 3)}, None)
        elif r < 0.80:
            d = deployment("spot%03d" % i, n, cpu, mem, {"kubernetes.azure.com/scalesetpriority": "spot"},
                           [{"key": "kubernetes.azure.com/scalesetpriority", "operator": "Equal",
                             "value": "spot", "effect": "NoSchedule"}])
        else:
            d = deployment("any%03d" % i, n, cpu, mem, None, None)
        deps.append(d)
        left -= n
        i += 1
    return deps


def timed(fn, reps=5):
    best = None
    for _ in range(reps):
        t0 = time.perf_counter()
        out = fn()
        dt = time.perf_counter() - t0
        best = dt if best is None or dt < best else best
    return best, out


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--data", required=True)
    ap.add_argument("--pid", type=int, required=True)
    ap.add_argument("--nodes", type=int, default=5000)
    ap.add_argument("--pools", type=int, default=100)
    ap.add_argument("--pods", type=int, default=150000)
    ap.add_argument("--kubectl", default="kubectl")
    ap.add_argument("--label", default="")
    ap.add_argument("--seed", type=int, default=1)
    a = ap.parse_args()
    rng = random.Random(a.seed)
    with open(os.path.join(a.data, "url")) as f:
        url = f.read().strip()
    ca = os.path.join(a.data, "tls", "ca.pem")
    tokf = os.path.join(a.data, "token")
    arm = Conn(url, ca, open(tokf).read().strip() if os.path.exists(tokf) else "none")
    rss0, _ = rss_kib(a.pid)

    # ---------------------------------------------------------------- ARM: the cluster and its pools
    plan = pool_plan(a.pools, a.nodes)
    t0 = time.perf_counter()
    arm.json("PUT", "/subscriptions/%s/resourcegroups/%s?api-version=2021-04-01" % (SUB, RG), {"location": LOC})
    sysp = plan[0]
    mc = {"location": LOC, "properties": {"dnsPrefix": "scale", "agentPoolProfiles": [
        dict(pool_body(*sysp[1:]).get("properties"), name=sysp[0])]}}
    arm.json("PUT", arm_path("/providers/Microsoft.ContainerService/managedClusters/%s?api-version=%s" % (CL, API_AKS)), mc)
    mc_path = arm_path("/providers/Microsoft.ContainerService/managedClusters/%s" % CL)

    def cluster_ok():
        return arm.json("GET", mc_path + "?api-version=" + API_AKS)["properties"]["provisioningState"] == "Succeeded"
    wait_arm(arm, "the cluster", cluster_ok, 120)
    for name, kind, count, size, wl in plan[1:]:
        arm.json("PUT", "%s/agentPools/%s?api-version=%s" % (mc_path, name, API_AKS), pool_body(kind, count, size, wl))

    def pools_ok():
        v = arm.json("GET", "%s/agentPools?api-version=%s" % (mc_path, API_AKS))["value"]
        return len(v) == len(plan) and all(p["properties"]["provisioningState"] == "Succeeded" for p in v)
    wait_arm(arm, "the pools", pools_ok, 600)
    t_arm = time.perf_counter() - t0
    kc = arm.json("POST", mc_path + "/listClusterAdminCredential?api-version=" + API_AKS)
    kubeconfig = base64.b64decode(kc["kubeconfigs"][0]["value"]).decode()
    server = token = None
    for line in kubeconfig.splitlines():
        s = line.strip()
        if s.startswith("server:"):
            server = s.split(None, 1)[1]
        elif s.startswith("token:"):
            token = s.split(None, 1)[1]
    kpath = urllib.parse.urlparse(server).path.rstrip("/")
    kube = Conn(url, ca, token)
    kfile = tempfile.NamedTemporaryFile("w", suffix=".kubeconfig", delete=False)
    kfile.write(kubeconfig)
    kfile.close()

    def count_nodes_ready():
        # the Table's STATUS cells (no objects): what kubectl get nodes shows, cheaply
        st, raw = kube.req("GET", kpath + "/api/v1/nodes?includeObject=None",
                           accept="application/json;as=Table;v=v1;g=meta.k8s.io")
        rows = json.loads(raw)["rows"]
        return len(rows), sum(1 for r in rows if r["cells"][1].startswith("Ready"))

    while True:
        total, ready = count_nodes_ready()
        if ready >= a.nodes:
            break
        if time.perf_counter() - t0 > 900:
            raise RuntimeError("only %d/%d nodes Ready" % (ready, a.nodes))
        time.sleep(0.5)
    t_nodes = time.perf_counter() - t0
    # let the add-on daemonsets place their pods on every node before measuring
    time.sleep(3)
    rss_nodes, _ = rss_kib(a.pid)

    # ---------------------------------------------------------------- pods
    kube.json("POST", kpath + "/api/v1/namespaces", {"apiVersion": "v1", "kind": "Namespace",
                                                     "metadata": {"name": "bench"}})
    deps = workload(plan, a.pods, rng)
    want = sum(d["spec"]["replicas"] for d in deps)
    t1 = time.perf_counter()
    for d in deps:
        kube.json("POST", kpath + "/apis/apps/v1/namespaces/bench/deployments", d)
    t_post = time.perf_counter() - t1

    def progress():
        v = kube.json("GET", kpath + "/apis/apps/v1/namespaces/bench/deployments")["items"]
        return (sum(d.get("status", {}).get("replicas", 0) for d in v),
                sum(d.get("status", {}).get("readyReplicas", 0) for d in v))

    last = (-1, -1)
    stall = time.perf_counter()
    while True:
        created, ready = progress()
        if ready >= want:
            break
        if (created, ready) != last:
            last = (created, ready)
            stall = time.perf_counter()
        elif time.perf_counter() - stall > 20:
            break  # nothing moves any more: the rest does not fit
        time.sleep(0.25)
    t_pods = time.perf_counter() - t1
    if ready >= want:
        t_done = t_pods
    else:
        t_done = stall - t1
    st, raw = kube.req("GET", kpath + "/api/v1/namespaces/bench/pods?fieldSelector=status.phase%3DPending")
    pending = len(json.loads(raw)["items"])
    rss_pods, hwm = rss_kib(a.pid)
    st, raw = kube.req("GET", kpath + "/api/v1/pods")
    all_pods = len(json.loads(raw)["items"])

    # ---------------------------------------------------------------- LIST and kubectl
    table = "application/json;as=Table;v=v1;g=meta.k8s.io,application/json;as=Table;v=v1beta1;g=meta.k8s.io,application/json"
    l_nodes_json, raw = timed(lambda: kube.req("GET", kpath + "/api/v1/nodes"))
    size_nodes = len(raw[1])
    l_nodes_tab, raw = timed(lambda: kube.req("GET", kpath + "/api/v1/nodes", accept=table))
    l_nodes_page, raw = timed(lambda: kube.req("GET", kpath + "/api/v1/nodes?limit=500", accept=table))
    l_pods_page, raw = timed(lambda: kube.req("GET", kpath + "/api/v1/pods?limit=500", accept=table))
    l_pods_json, raw = timed(lambda: kube.req("GET", kpath + "/api/v1/pods"), 2)
    size_pods = len(raw[1])
    l_pods_tab, raw = timed(lambda: kube.req("GET", kpath + "/api/v1/pods", accept=table), 2)
    l_pods_sel, _ = timed(lambda: kube.req("GET", kpath + "/api/v1/pods?fieldSelector=spec.nodeName%3D" +
                                           "nonexistent&limit=500"), 3)
    l_pods_ns, _ = timed(lambda: kube.req("GET", kpath + "/api/v1/namespaces/kube-system/pods?limit=500",
                                          accept=table), 3)

    env = dict(os.environ, KUBECONFIG=kfile.name)
    env.pop("HTTPS_PROXY", None)
    env.pop("https_proxy", None)

    def kubectl(*args):
        def run():
            subprocess.run([a.kubectl] + list(args), env=env, check=True, stdout=subprocess.DEVNULL,
                           stderr=subprocess.PIPE)
        return run
    k_nodes, _ = timed(kubectl("get", "nodes"), 3)
    k_nodes_wide, _ = timed(kubectl("get", "nodes", "-o", "wide"), 3)
    k_pods, _ = timed(kubectl("get", "pods", "-A"), 1)
    k_pods_one, _ = timed(kubectl("get", "pods", "-A", "--chunk-size=0"), 1)
    os.unlink(kfile.name)

    # ---------------------------------------------------------------- report
    def mib(k):
        return k / 1024.0
    print("aksemu end-to-end scale benchmark (bench/kube_scale.py)")
    if a.label:
        print(a.label)
    print("cluster: %d nodes in %d pools (1 system, %d spot, %d user; %s/%s), %d deployments, %d pods wanted"
          % (a.nodes, len(plan), sum(1 for p in plan if p[1] == "spot"), sum(1 for p in plan if p[1] == "user"),
             SYSTEM_SIZE, USER_SIZE, len(deps), want))
    print("ARM: cluster + %d pools Succeeded in %.1f s; all %d nodes Ready after %.1f s" %
          (len(plan) - 1, t_arm, a.nodes, t_nodes))
    placed = want - pending
    print("pods: %d deployments posted in %.2f s; %d pods running, %d pending (do not fit) after %.2f s"
          % (len(deps), t_post, placed, pending, t_done))
    print("pods/s end to end (create deployment -> replicaset -> pod -> bound -> running): %.0f" % (placed / t_done))
    print("pods in the cluster, add-on daemonset pods included: %d" % all_pods)
    print("daemon RSS: empty %.1f MiB; with nodes %.1f MiB; with pods %.1f MiB; peak (VmHWM) %.1f MiB"
          % (mib(rss0), mib(rss_nodes), mib(rss_pods), mib(hwm)))
    print("bytes per node (incl. its daemonset pods): %.0f; bytes per pod: %.0f"
          % ((rss_nodes - rss0) * 1024.0 / a.nodes, (rss_pods - rss_nodes) * 1024.0 / max(1, placed + pending)))
    print("LIST over HTTPS (best of runs): all %d nodes: JSON %.1f ms (%.1f MB), Table %.1f ms; a 500-node "
          "Table page %.1f ms" % (a.nodes, l_nodes_json * 1e3, size_nodes / 1e6, l_nodes_tab * 1e3, l_nodes_page * 1e3))
    print("  all %d pods: JSON %.0f ms (%.0f MB), Table %.0f ms; a 500-pod Table page %.1f ms (kubectl's chunk); "
          "kube-system page %.1f ms; by fieldSelector spec.nodeName %.1f ms"
          % (all_pods, l_pods_json * 1e3, size_pods / 1e6, l_pods_tab * 1e3, l_pods_page * 1e3, l_pods_ns * 1e3,
             l_pods_sel * 1e3))
    pages = (all_pods + 499) // 500
    note = " - beyond a burst of 10, kubectl's own client-side throttling (5 requests/s) sets the pace" if pages > 10 else ""
    print("real kubectl (wall, output to /dev/null): get nodes %.2f s; get nodes -o wide %.2f s; get pods -A %.2f s "
          "(%d pages of 500%s); get pods -A --chunk-size=0 %.2f s" % (k_nodes, k_nodes_wide, k_pods, pages, note, k_pods_one))
    goals = [("whole cluster < 300 MiB RSS", mib(rss_pods) < 300),
             ("%d-node LIST (Table, as kubectl asks) < 100 ms" % a.nodes, l_nodes_tab < 0.1)]
    print("goals: " + "; ".join("%s: %s" % (g, "met" if ok else "NOT met") for g, ok in goals))


if __name__ == "__main__":
    main()
