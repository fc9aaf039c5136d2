#!/usr/bin/env python3
"""ui_build.py - builds one cluster of NODES nodes (POOLS pools) through the ARM API of a running
daemon and waits until the Kubernetes API lists them all (bench/ui-nodes.sh). Not a test."""
import json, sys, time, os
sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import kube_scale as ks  # Conn, pool_plan, pool_body

data, nodes, npools = sys.argv[1], int(sys.argv[2]), int(sys.argv[3])
url = open(os.path.join(data, "url")).read().strip()
tokf = os.path.join(data, "token")  # the daemon's API token (absent with --auth none)
arm = ks.Conn(url, os.path.join(data, "tls", "ca.pem"), open(tokf).read().strip() if os.path.exists(tokf) else "none")
plan = ks.pool_plan(npools, nodes)
arm.json("PUT", ks.arm_path("?api-version=2021-04-01"), {"location": ks.LOC})
mc = ks.arm_path("/providers/Microsoft.ContainerService/managedClusters/%s" % ks.CL)
name, kind, count, size, wl = plan[0]
body = {"location": ks.LOC, "properties": {"dnsPrefix": "ui", "agentPoolProfiles": [dict(name=name, **ks.pool_body(kind, count, size, wl)["properties"])]}}
arm.json("PUT", mc + "?api-version=2022-11-01", body)
ks.wait_arm(arm, "cluster", lambda: arm.json("GET", mc + "?api-version=2022-11-01")["properties"]["provisioningState"] == "Succeeded", 600)
for name, kind, count, size, wl in plan[1:]:
    arm.json("PUT", "%s/agentPools/%s?api-version=2022-11-01" % (mc, name), ks.pool_body(kind, count, size, wl))
ks.wait_arm(arm, "pools", lambda: all(p["properties"]["provisioningState"] == "Succeeded" for p in arm.json("GET", mc + "/agentPools?api-version=2022-11-01")["value"]), 900)
kc = arm.json("POST", mc + "/listClusterAdminCredential?api-version=2022-11-01")
import base64, re
text = base64.b64decode(kc["kubeconfigs"][0]["value"]).decode()
server = re.search(r"server: (\S+)", text).group(1)
tok = re.search(r"token: (\S+)", text).group(1)
kube = ks.Conn(url, os.path.join(data, "tls", "ca.pem"), tok)
path = server.split("/", 3)[3]
t0 = time.time()
while True:
    items = kube.json("GET", "/%s/api/v1/nodes" % path)["items"]
    ready = sum(1 for n in items if any(c["type"] == "Ready" and c["status"] == "True" for c in n["status"]["conditions"]))
    if ready >= nodes:
        break
    if time.time() - t0 > 900:
        raise SystemExit("nodes not ready: %d/%d" % (ready, nodes))
    time.sleep(2)
pods = len(kube.json("GET", "/%s/api/v1/pods?limit=1" % path).get("items", []))
print("cluster built: %d nodes Ready in %d pools" % (ready, len(plan)))
