#!/usr/bin/env bash
# Paged Kubernetes LISTs over a few hundred nodes (the web view lists 5,000 this way): every
# node exactly once and in key order whatever the page size, remainingItemCount and continue
# on every page, Table pages, the first page's resourceVersion on every page (a watch from it
# replays a change made between pages), and 410 Expired once the events after a token's
# resourceVersion are gone, with kube-apiserver's token to go on from the same key.
source "$(dirname "$0")/lib.sh" "$1"
PROVISION_MS=20
start_daemon --node-ready-ms 50 --pod-start-ms 50
SUB=00000000-0000-0000-0000-000000000001
MC="/subscriptions/$SUB/resourceGroups/pagesRG/providers/Microsoft.ContainerService/managedClusters/pagesAKS"
N1=150 N2=90

log "a cluster of $((N1 + N2)) nodes in two pools"
api PUT "/subscriptions/$SUB/resourceGroups/pagesRG?api-version=2021-04-01" '{"location":"eastus"}'
assert_contains "$STATUS" 20 "resource group"
api PUT "$MC?api-version=2022-11-01" "{\"location\":\"eastus\",\"properties\":{\"dnsPrefix\":\"pages\",\"agentPoolProfiles\":[{\"name\":\"nodepool1\",\"mode\":\"System\",\"count\":$N1,\"vmSize\":\"Standard_D2s_v3\"}]}}"
assert_contains "$STATUS" 20 "cluster PUT"
wait_for 120 "the cluster" bash -c "curl -s --cacert '$DATA/tls/ca.pem' -H 'Authorization: Bearer $(cat "$DATA/token")' '$URL$MC?api-version=2022-11-01' | grep -q '\"provisioningState\":\"Succeeded\"'"
api PUT "$MC/agentPools/userpool?api-version=2022-11-01" "{\"properties\":{\"mode\":\"User\",\"count\":$N2,\"vmSize\":\"Standard_D2s_v3\"}}"
assert_contains "$STATUS" 20 "pool PUT"
api POST "$MC/listClusterAdminCredential?api-version=2022-11-01" '{}'
KC="$(json 'j["kubeconfigs"][0]["value"]' | base64 -d)"
export KSERVER="$(awk '/server:/{print $2}' <<<"$KC")" KTOKEN="$(awk '/token:/{print $2}' <<<"$KC")" CA="$DATA/tls/ca.pem"
K="$T/k.py"
cat >"$K" <<'PY'
# k.py - the cluster's Kubernetes API through one keep-alive HTTPS connection
import base64, http.client, json, os, ssl, sys, urllib.parse
u = urllib.parse.urlparse(os.environ["KSERVER"])
conn = http.client.HTTPSConnection(u.hostname, u.port, context=ssl.create_default_context(cafile=os.environ["CA"]))
def req(method, path, body=None, accept="application/json", ctype="application/json"):
    h = {"Authorization": "Bearer " + os.environ["KTOKEN"], "Accept": accept}
    if body is not None:
        h["Content-Type"] = ctype
        body = json.dumps(body).encode()
    conn.request(method, u.path + path, body=body, headers=h)
    r = conn.getresponse()
    raw = r.read()
    return r.status, (json.loads(raw) if raw else None)
def get(path, **kw):
    st, j = req("GET", path, **kw)
    if st != 200:
        sys.exit("GET %s -> %d %s" % (path, st, j))
    return j
def token_of(t):
    return json.loads(base64.urlsafe_b64decode(t + "=" * (-len(t) % 4)))
def check(cond, what):
    if not cond:
        sys.exit("FAIL: " + what)
PY

wait_for 120 "$((N1 + N2)) nodes" python3 -c "
import sys; sys.path.insert(0, '$T'); from k import *
sys.exit(0 if len(get('/api/v1/nodes')['items']) == $((N1 + N2)) else 1)"

# the add-on DaemonSets' pods: until two lists a second apart agree
wait_for 120 "the pods settle" python3 -c "
import sys, time; sys.path.insert(0, '$T'); from k import *
a = [p['metadata']['uid'] for p in get('/api/v1/pods')['items']]; time.sleep(1)
b = [p['metadata']['uid'] for p in get('/api/v1/pods')['items']]
sys.exit(0 if a == b and len(a) > 2 * $((N1 + N2)) else 1)"

log "pages of 1, 7, 100, $((N1 + N2 - 1)), $((N1 + N2)) and 1000 nodes: each node once, in key order"
run 0 python3 - <<PY
import sys; sys.path.insert(0, "$T"); from k import *
full = get("/api/v1/nodes")
names = [n["metadata"]["name"] for n in full["items"]]
check(len(names) == $((N1 + N2)), "full list: %d nodes" % len(names))
check(names == sorted(names, key=lambda s: s.encode()), "full list in key (byte) order")
check(len(set(names)) == len(names), "full list: no duplicates")
for limit in (1, 7, 100, len(names) - 1, len(names), 1000):
    got, cont, pages, rv = [], "", 0, None
    while True:
        j = get("/api/v1/nodes?limit=%d%s" % (limit, "&continue=" + cont if cont else ""))
        pages += 1
        items = [n["metadata"]["name"] for n in j["items"]]
        check(0 < len(items) <= limit, "limit %d page %d: %d items" % (limit, pages, len(items)))
        got += items
        m = j["metadata"]
        rv = rv or m["resourceVersion"]
        check(m["resourceVersion"] == rv, "limit %d page %d: the first page's resourceVersion %s, not %s" % (limit, pages, rv, m["resourceVersion"]))
        cont = m.get("continue", "")
        if not cont:
            check("remainingItemCount" not in m, "last page: no remainingItemCount")
            break
        check(m.get("remainingItemCount") == len(names) - len(got), "limit %d page %d: remainingItemCount %s, %d left" % (limit, pages, m.get("remainingItemCount"), len(names) - len(got)))
        t = token_of(cont)
        check(t["start"] == items[-1] + "\u0000" and str(t["rv"]) == rv, "limit %d page %d: token %s" % (limit, pages, t))
    check(got == names, "limit %d: the pages add up to the full list" % limit)
    check(pages == -(-len(names) // limit), "limit %d: %d pages" % (limit, pages))
# Table pages, as kubectl get --chunk-size asks
tab = "application/json;as=Table;v=1;g=meta.k8s.io,application/json"
got, cont = [], ""
while True:
    j = get("/api/v1/nodes?limit=64%s" % ("&continue=" + cont if cont else ""), accept=tab)
    check(j["kind"] == "Table", "a Table")
    got += [r["cells"][0] for r in j["rows"]]
    cont = j["metadata"].get("continue", "")
    if not cont:
        break
check(got == names, "Table pages add up to the node list")
# pods of every namespace, and of one namespace (its pages stop at its end)
allp = ["%s/%s" % (p["metadata"]["namespace"], p["metadata"]["name"]) for p in get("/api/v1/pods")["items"]]
check(len(allp) > 2 * len(names), "pods: %d" % len(allp))
for path, want in (("/api/v1/pods", allp), ("/api/v1/namespaces/kube-system/pods", [p for p in allp if p.startswith("kube-system/")])):
    got, cont = [], ""
    while True:
        j = get("%s?limit=97%s" % (path, "&continue=" + cont if cont else ""))
        got += ["%s/%s" % (p["metadata"]["namespace"], p["metadata"]["name"]) for p in j["items"]]
        cont = j["metadata"].get("continue", "")
        if cont:
            check(j["metadata"]["remainingItemCount"] == len(want) - len(got), "%s: remainingItemCount" % path)
        else:
            break
    check(got == want, "%s: pages of 97 add up to the list (%d, %d)" % (path, len(got), len(want)))
print(len(names), len(allp))
PY

log "a change between pages: the list's resourceVersion is the first page's; a watch from it replays it"
run 0 python3 - <<PY
import sys, json; sys.path.insert(0, "$T"); from k import *
p1 = get("/api/v1/nodes?limit=10")
first = p1["items"][0]["metadata"]["name"]
st, _ = req("PATCH", "/api/v1/nodes/" + first, {"metadata": {"labels": {"paged": "yes"}}}, ctype="application/merge-patch+json")
check(st == 200, "PATCH: %d" % st)
rest, cont, rv = [], p1["metadata"]["continue"], p1["metadata"]["resourceVersion"]
while cont:
    j = get("/api/v1/nodes?limit=100&continue=" + cont)
    check(j["metadata"]["resourceVersion"] == rv, "a later page: the first page's resourceVersion")
    rest += j["items"]
    cont = j["metadata"].get("continue", "")
check(len(p1["items"]) + len(rest) == $((N1 + N2)), "all nodes listed")
conn.request("GET", u.path + "/api/v1/nodes?watch=1&timeoutSeconds=1&resourceVersion=" + rv, headers={"Authorization": "Bearer " + os.environ["KTOKEN"]})
r = conn.getresponse()
evs = [json.loads(l) for l in r.read().decode().splitlines() if l.strip()]
mine = [e for e in evs if e["object"]["metadata"]["name"] == first and e["object"]["metadata"].get("labels", {}).get("paged") == "yes"]
check(mine and mine[0]["type"] == "MODIFIED", "the watch from the list's resourceVersion replays the change to %s: %s" % (first, [e["type"] for e in evs][:5]))
PY

log "410 Expired once the events after the token's resourceVersion are gone"
run 0 python3 - <<PY
import sys, os, base64; sys.path.insert(0, "$T"); from k import *
p1 = get("/api/v1/nodes?limit=5")
cont = p1["metadata"]["continue"]
last = p1["items"][-1]["metadata"]["name"]
# the watch cache keeps 64 MiB of events: 1 MiB ConfigMap writes push the page's out
st, _ = req("POST", "/api/v1/namespaces/default/configmaps", {"metadata": {"name": "filler"}, "data": {"x": ""}})
check(st == 201, "configmap create: %d" % st)
for i in range(100):
    st, _ = req("PUT", "/api/v1/namespaces/default/configmaps/filler", {"metadata": {"name": "filler"}, "data": {"x": base64.b64encode(os.urandom(768 << 10)).decode()}})
    check(st == 200, "configmap update %d: %d" % (i, st))
st, j = req("GET", "/api/v1/nodes?limit=5&continue=" + cont)
check(st == 410, "stale continue token: %d" % st)
check(j["kind"] == "Status" and j["reason"] == "Expired" and j["code"] == 410, "Status Expired: %s" % j)
check("too old to display a consistent list result" in j["message"], "kube-apiserver's message: " + j["message"])
t = token_of(j["metadata"]["continue"])
check(t["start"] == last + "\u0000", "the inconsistent token goes on from the same key: %s" % t)
j2 = get("/api/v1/nodes?limit=5&continue=" + j["metadata"]["continue"])
check(j2["items"][0]["metadata"]["name"] > last, "it goes on after %s" % last)
check(len(get("/api/v1/nodes?limit=1000")["items"]) == $((N1 + N2)), "a new list")
st, j = req("GET", "/api/v1/nodes?limit=5&continue=" + base64.urlsafe_b64encode(b'{"v":"meta.k8s.io/v1","start":"x\\u0000"}').decode().rstrip("="))
check(st == 400 and "continue key is not valid" in j["message"], "a token without rv: 400 (%d)" % st)
PY

stop_daemon
pass
