#!/usr/bin/env python3
"""diskfull.py - write driver and checker of the disk-full test (tests/api/t_diskfull.sh).

  diskfull.py setup  --data DIR --state FILE   resource group, cluster, kubeconfig, a first round
  diskfull.py full   --data DIR --state FILE   writes until both APIs refused some (disk full)
  diskfull.py freed  --data DIR --state FILE   the ballast is gone: every write must succeed
  diskfull.py verify --data DIR --state FILE   (after kill -9 and restart) everything is there

Every write goes to the daemon whose URL is in DIR/url and is checked on its own:
  * it answers within the client timeout (no hang) over a live connection (no crash);
  * a 2xx means the write happened: it goes into the model (FILE, JSON, rewritten after each
    acknowledged write) and the object reads back as the model says at once;
  * otherwise it must be a 5xx in the API's error shape - ARM {"error": {"code", "message"}},
    Kubernetes a Status with status Failure, code = the HTTP status, a reason and a message -
    and the object must read back exactly as before the write (nothing half done);
  * reads (GET of the objects, LISTs) keep answering 200 while writes fail.
The model: resource group tags, resource groups created, ConfigMaps (data, labels,
annotations, resourceVersion), pods (labels), an agent pool's tags (a long-running operation).
`verify` compares the whole model with the daemon; `freed` and `verify` also wait for the pool's
operation to finish and its tags to match.
"""
import argparse
import base64
import json
import os
import sys
import time

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from crashload import (API_AKS, Client, KubeClient, admin_kubeconfig, cluster_path,  # noqa: E402
                       pool_body, pool_path, rg_path, subscription_id)

RG, CL, POOL = "dfbase", "dfc", "sys"
NS = "default"
BLOB = 6 * 1024  # bytes of incompressible data per ConfigMap write: fills the disk quickly


def log(msg):
    sys.stderr.write("diskfull: %s\n" % msg)
    sys.stderr.flush()


class Failed(Exception):
    pass


def blob(n):
    return base64.b64encode(os.urandom(n * 3 // 4)).decode()


class Driver:
    def __init__(self, args):
        self.args = args
        self.arm = Client(args.data, timeout=20.0)
        if os.path.exists(args.state):
            with open(args.state) as f:
                self.m = json.load(f)
        else:
            self.m = None
        self.kube = None
        if self.m:
            self.kube = KubeClient(args.data, self.m["kubeconfig"], timeout=20.0)
        self.stats = {"arm_ok": 0, "arm_5xx": 0, "kube_ok": 0, "kube_5xx": 0, "pod_delete_5xx": 0}
        self.disk_full = args.phase == "full"
        self.violations = []

    def save(self):
        tmp = self.args.state + ".tmp"
        with open(tmp, "w") as f:
            json.dump(self.m, f, sort_keys=True)
            f.flush()
            os.fsync(f.fileno())
        os.rename(tmp, self.args.state)

    def bad(self, msg):
        raise Failed(msg)

    # ------------------------------------------------------------ one write

    def send(self, api, what, method, path, body=None, ctype="application/json"):
        """-> (status, body) of a write that answered; raises Failed on a hang, a dead daemon
        or an answer that is neither 2xx nor a clean 5xx."""
        c = self.arm if api == "arm" else self.kube
        t0 = time.monotonic()
        try:
            st, _, resp = c.request(method, path, body, ctype)
        except Exception as e:  # noqa: BLE001 - any transport failure is a violation here
            self.bad("%s (%s %s): no answer after %.1f s: %s: %s" %
                     (what, method, path, time.monotonic() - t0, type(e).__name__, e))
        if 200 <= st < 300:
            self.stats[api + "_ok"] += 1
            return st, resp
        if st < 500:
            self.bad("%s (%s %s) answered %d, expected 2xx or 5xx: %s" % (what, method, path,
                                                                          st, resp))
        self.stats[api + "_5xx"] += 1
        if api == "arm":
            e = resp.get("error") if isinstance(resp, dict) else None
            if not (isinstance(e, dict) and isinstance(e.get("code"), str) and e["code"] and
                    isinstance(e.get("message"), str) and e["message"]):
                self.bad("%s answered %d without an ARM error body: %s" % (what, st, resp))
        else:
            if not (isinstance(resp, dict) and resp.get("kind") == "Status" and
                    resp.get("apiVersion") == "v1" and resp.get("status") == "Failure" and
                    resp.get("code") == st and isinstance(resp.get("message"), str) and
                    resp["message"] and isinstance(resp.get("reason"), str)):
                self.bad("%s answered %d without a Kubernetes Status: %s" % (what, st, resp))
        if not self.m.get("first_5xx", {}).get(api):
            self.m.setdefault("first_5xx", {})[api] = "%s: %d %s" % (
                what, st, (resp.get("error") or {}).get("message") if api == "arm"
                else resp.get("message"))
        return st, resp

    # ------------------------------------------------------------ reads of the model

    def get(self, api, path):
        c = self.arm if api == "arm" else self.kube
        try:
            st, _, body = c.request("GET", path)
        except Exception as e:  # noqa: BLE001
            self.bad("GET %s: no answer: %s: %s" % (path, type(e).__name__, e))
        if st not in (200, 404):
            self.bad("GET %s answered %d (reads must keep working): %s" % (path, st, body))
        return st, body

    def check_rg(self, name):
        st, body = self.get("arm", rg_path(self.m["sub"], name))
        want = self.m["rgs"].get(name)
        if want is None:
            if st != 404:
                self.bad("resource group %s exists but no write creating it was acknowledged" %
                         name)
            return
        if st != 200:
            self.bad("resource group %s was acknowledged but GET answers %d" % (name, st))
        if (body.get("tags") or {}) != want:
            self.bad("resource group %s has tags %s, the acknowledged writes imply %s" %
                     (name, body.get("tags"), want))

    def cm_path(self, name=None):
        p = "/api/v1/namespaces/%s/configmaps" % NS
        return p + "/" + name if name else p

    def pod_path(self, name=None):
        p = "/api/v1/namespaces/%s/pods" % NS
        return p + "/" + name if name else p

    def check_cm(self, name):
        st, body = self.get("kube", self.cm_path(name))
        want = self.m["cms"].get(name)
        if want is None:
            if st != 404:
                self.bad("ConfigMap %s exists but no acknowledged write implies it" % name)
            return
        if st != 200:
            self.bad("ConfigMap %s was acknowledged but GET answers %d" % (name, st))
        md = body.get("metadata", {})
        got = {"data": body.get("data") or {}, "labels": md.get("labels") or {},
               "annotations": md.get("annotations") or {}, "rv": md.get("resourceVersion")}
        if got != want:
            diffs = [k for k in want if got.get(k) != want[k]]
            self.bad("ConfigMap %s differs from what the acknowledged writes imply in %s: "
                     "expected %s, got %s" % (name, diffs, {k: str(want[k])[:120] for k in diffs},
                                              {k: str(got[k])[:120] for k in diffs}))

    def check_pod(self, name):
        st, body = self.get("kube", self.pod_path(name))
        want = self.m["pods"].get(name)
        if want is None:
            if st != 404 and not body.get("metadata", {}).get("deletionTimestamp"):
                self.bad("pod %s exists but no acknowledged write implies it" % name)
            return
        if st != 200:
            self.bad("pod %s was acknowledged but GET answers %d" % (name, st))
        labels = body.get("metadata", {}).get("labels") or {}
        if labels != want:
            self.bad("pod %s has labels %s, the acknowledged writes imply %s" % (name, labels,
                                                                                 want))

    def check_pool(self):
        st, body = self.get("arm", pool_path(self.m["sub"], RG, CL, POOL))
        if st != 200:
            self.bad("agent pool %s answers %d" % (POOL, st))
        props = body["properties"]
        return props.get("provisioningState"), props.get("tags") or {}

    def check_all(self):
        for name in sorted(set(self.m["rgs"]) | set(self.m["rg_tried"])):
            self.check_rg(name)
        for name in sorted(set(self.m["cms"]) | set(self.m["cm_tried"])):
            self.check_cm(name)
        for name in sorted(set(self.m["pods"]) | set(self.m["pod_tried"])):
            self.check_pod(name)
        for path in (self.cm_path(), self.pod_path(), "/api/v1/nodes"):
            st, body = self.get("kube", path)
            if st != 200:
                self.bad("LIST %s answered %d" % (path, st))
        st, body = self.get("arm", "/subscriptions/%s/resourcegroups?api-version=2021-04-01" %
                            self.m["sub"])
        if st != 200:
            self.bad("LIST of resource groups answered %d" % st)

    def wait_pool(self, seconds):
        """Waits for the pool's operations to finish; its tags must then be the acknowledged
        ones."""
        end = time.monotonic() + seconds
        while True:
            ps, tags = self.check_pool()
            if ps == "Succeeded":
                break
            if ps == "Failed" or time.monotonic() > end:
                self.bad("agent pool %s is %s (its acknowledged update must finish)" % (POOL, ps))
            time.sleep(0.1)
        if tags != self.m["pool_tags"]:
            self.bad("agent pool %s has tags %s, the acknowledged writes imply %s" %
                     (POOL, tags, self.m["pool_tags"]))

    # ------------------------------------------------------------ the writes

    def write_round(self, i):
        """One write of each sort; each one is checked as it answers. -> number of 5xx."""
        m, sub = self.m, self.m["sub"]
        fails = 0
        seq = m["seq"]
        m["seq"] += 1

        def done(api, what, method, path, body=None, ctype="application/json"):
            st, resp = self.send(api, what, method, path, body, ctype)
            return 200 <= st < 300, resp

        # ARM: a new resource group
        name = "dfg%d" % seq
        m["rg_tried"].append(name)
        ok, _ = done("arm", "resource group create", "PUT", rg_path(sub, name),
                     {"location": "eastus", "tags": {"seq": str(seq)}})
        if ok:
            m["rgs"][name] = {"seq": str(seq)}
        else:
            fails += 1
        self.save()
        self.check_rg(name)
        # ARM: re-tag the base resource group
        tags = {"gen": str(seq), "pad": blob(200), "pad2": blob(200)}
        ok, _ = done("arm", "resource group re-tag", "PUT", rg_path(sub, RG),
                     {"location": "eastus", "tags": tags})
        if ok:
            m["rgs"][RG] = tags
        else:
            fails += 1
        self.save()
        self.check_rg(RG)
        # ARM: an agent pool update (tags), a long-running operation, when the pool is idle
        ps, _ = self.check_pool()
        if ps == "Succeeded":
            op = {"count": 1, "mode": "System", "labels": {}, "tags": {"rev": str(seq)}}
            ok, _ = done("arm", "agent pool update", "PUT", pool_path(sub, RG, CL, POOL),
                         pool_body(op))
            if ok:
                m["pool_tags"] = op["tags"]
            else:
                fails += 1
                ps, tags = self.check_pool()
                if ps != "Succeeded" or tags != m["pool_tags"]:
                    self.bad("a refused agent pool update left the pool %s with tags %s" %
                             (ps, tags))
            self.save()
        # Kubernetes: a ConfigMap create
        cm = "cm%d" % seq
        m["cm_tried"].append(cm)
        ok, resp = done("kube", "ConfigMap create", "POST", self.cm_path(),
                        {"apiVersion": "v1", "kind": "ConfigMap",
                         "metadata": {"name": cm, "labels": {"seq": str(seq)}},
                         "data": {"blob": blob(BLOB)}})
        if ok:
            m["cms"][cm] = {"data": resp["data"], "labels": {"seq": str(seq)}, "annotations": {},
                            "rv": resp["metadata"]["resourceVersion"]}
        else:
            fails += 1
        self.save()
        self.check_cm(cm)
        live = sorted(m["cms"], key=lambda n: int(n[2:]))
        if live:
            # a PUT with the resourceVersion
            tgt = live[(seq * 7) % len(live)]
            cur = m["cms"][tgt]
            body = {"apiVersion": "v1", "kind": "ConfigMap",
                    "metadata": {"name": tgt, "resourceVersion": cur["rv"],
                                 "labels": cur["labels"], "annotations": cur["annotations"]},
                    "data": {"blob": blob(BLOB), "gen": str(seq)}}
            ok, resp = done("kube", "ConfigMap update", "PUT", self.cm_path(tgt), body)
            if ok:
                cur["data"] = body["data"]
                cur["rv"] = resp["metadata"]["resourceVersion"]
            else:
                fails += 1
            self.save()
            self.check_cm(tgt)
            # a merge patch of the labels
            tgt = live[(seq * 3) % len(live)]
            cur = m["cms"][tgt]
            ok, resp = done("kube", "ConfigMap label merge patch", "PATCH", self.cm_path(tgt),
                            {"metadata": {"labels": {"patched": str(seq)}}},
                            "application/merge-patch+json")
            if ok:
                cur["labels"]["patched"] = str(seq)
                cur["rv"] = resp["metadata"]["resourceVersion"]
            else:
                fails += 1
            self.save()
            self.check_cm(tgt)
            # a JSON patch of the annotations
            ok, resp = done("kube", "ConfigMap annotation JSON patch", "PATCH", self.cm_path(tgt),
                            [{"op": "add", "path": "/metadata/annotations",
                              "value": {"note": "n%d" % seq}}],
                            "application/json-patch+json")
            if ok:
                cur["annotations"] = {"note": "n%d" % seq}
                cur["rv"] = resp["metadata"]["resourceVersion"]
            else:
                fails += 1
            self.save()
            self.check_cm(tgt)
            # now and then a delete
            if len(live) > 4:
                tgt = live[0]
                ok, _ = done("kube", "ConfigMap delete", "DELETE", self.cm_path(tgt))
                if ok:
                    del m["cms"][tgt]
                else:
                    fails += 1
                self.save()
                self.check_cm(tgt)
        # Kubernetes: a pod create, a strategic merge patch of its labels, a pod delete
        pod = "pod%d" % seq
        m["pod_tried"].append(pod)
        ok, _ = done("kube", "pod create", "POST", self.pod_path(),
                     {"apiVersion": "v1", "kind": "Pod",
                      "metadata": {"name": pod, "labels": {"app": "df"}},
                      "spec": {"containers": [{"name": "c", "image": "nginx"}],
                               "terminationGracePeriodSeconds": 0}})
        if ok:
            m["pods"][pod] = {"app": "df"}
        else:
            fails += 1
        self.save()
        self.check_pod(pod)
        pods = sorted(m["pods"], key=lambda n: int(n[3:]))
        if pods:
            tgt = pods[-1]
            ok, _ = done("kube", "pod label strategic merge patch", "PATCH", self.pod_path(tgt),
                         {"metadata": {"labels": {"gen": str(seq)}}},
                         "application/strategic-merge-patch+json")
            if ok:
                m["pods"][tgt]["gen"] = str(seq)
            else:
                fails += 1
            self.save()
            self.check_pod(tgt)
        # on the full disk a pod delete every round: a refused one used to free the pod after
        # the controllers' state it points into (a use-after-free in the reload)
        if len(pods) > 3 or (self.disk_full and pods):
            tgt = pods[0]
            ok, _ = done("kube", "pod delete", "DELETE", self.pod_path(tgt) +
                         "?gracePeriodSeconds=0", None)
            if ok:
                del m["pods"][tgt]
            else:
                fails += 1
                self.stats["pod_delete_5xx"] += 1
            self.save()
            self.check_pod(tgt)
        return fails

    # ------------------------------------------------------------ phases

    def setup(self):
        sub = subscription_id(self.arm)
        self.m = {"sub": sub, "seq": 0, "rgs": {}, "rg_tried": [], "cms": {}, "cm_tried": [],
                  "pods": {}, "pod_tried": [], "pool_tags": {}}
        st, _, body = self.arm.request("PUT", rg_path(sub, RG), {"location": "eastus"})
        if st not in (200, 201):
            self.bad("resource group create answered %d: %s" % (st, body))
        self.m["rgs"][RG] = {}
        prof = {"name": POOL, "count": 1, "vmSize": "Standard_DS2_v2", "osType": "Linux",
                "mode": "System", "type": "VirtualMachineScaleSets"}
        st, _, body = self.arm.request("PUT", cluster_path(sub, RG, CL),
                                       {"location": "eastus",
                                        "identity": {"type": "SystemAssigned"},
                                        "properties": {"kubernetesVersion": "",
                                                       "agentPoolProfiles": [prof]}})
        if st not in (200, 201):
            self.bad("cluster create answered %d: %s" % (st, body))
        end = time.monotonic() + 30
        while True:
            st, body = self.arm.get(cluster_path(sub, RG, CL))
            if st == 200 and body["properties"]["provisioningState"] == "Succeeded":
                break
            if time.monotonic() > end:
                self.bad("the cluster did not become Succeeded: %s" % body)
            time.sleep(0.1)
        self.m["kubeconfig"] = admin_kubeconfig(self.arm, sub, RG, CL)
        self.kube = KubeClient(self.args.data, self.m["kubeconfig"], timeout=20.0)
        self.save()
        for i in range(4):
            if self.write_round(i):
                self.bad("a write failed before the disk was full")
        self.wait_pool(20)
        self.check_all()
        print("set up: %s" % self.summary())

    def pool_update(self):
        """One acknowledged agent pool update: its operation finishes after --provision-ms,
        when the disk is already full."""
        op = {"count": 1, "mode": "System", "labels": {}, "tags": {"rev": "before-full"}}
        st, resp = self.send("arm", "agent pool update", "PUT",
                             pool_path(self.m["sub"], RG, CL, POOL), pool_body(op))
        if not 200 <= st < 300:
            self.bad("the agent pool update before the disk fills answered %d: %s" % (st, resp))
        self.m["pool_tags"] = op["tags"]
        self.save()
        print("agent pool update acknowledged (%d), its operation is running" % st)

    def full(self):
        rounds = 0
        while rounds < self.args.max_rounds:
            rounds += 1
            self.write_round(rounds)
            if self.stats["arm_5xx"] >= self.args.min_failures and \
                    self.stats["kube_5xx"] >= self.args.min_failures:
                break
        if self.stats["arm_5xx"] == 0 or self.stats["kube_5xx"] == 0:
            self.bad("after %d rounds of writes on a full disk no %s write failed (%s): the "
                     "ballast did not fill the disk?" %
                     (rounds, "ARM" if not self.stats["arm_5xx"] else "Kubernetes",
                      self.summary()))
        self.check_all()
        print("disk full, %d rounds: %s; first failures: %s" %
              (rounds, self.summary(), json.dumps(self.m.get("first_5xx"), sort_keys=True)))

    def freed(self):
        for i in range(self.args.rounds):
            f = self.write_round(i)
            if f:
                self.bad("%d writes failed after the ballast was removed (%s)" %
                         (f, self.summary()))
        self.wait_pool(20)
        self.check_all()
        print("space freed, %d rounds: %s" % (self.args.rounds, self.summary()))

    def verify(self):
        self.wait_pool(20)
        self.check_all()
        print("after kill -9 and restart: %d resource groups, %d ConfigMaps, %d pods as "
              "acknowledged; pool tags %s" % (len(self.m["rgs"]), len(self.m["cms"]),
                                              len(self.m["pods"]), self.m["pool_tags"]))

    def summary(self):
        s = self.stats
        return ("ARM %d ok / %d 5xx, Kubernetes %d ok / %d 5xx (pod deletes refused: %d)" %
                (s["arm_ok"], s["arm_5xx"], s["kube_ok"], s["kube_5xx"], s["pod_delete_5xx"]))


def main():
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("phase", choices=["setup", "pool_update", "full", "freed", "verify"])
    ap.add_argument("--data", required=True)
    ap.add_argument("--state", required=True)
    ap.add_argument("--min-failures", type=int, default=6)
    ap.add_argument("--max-rounds", type=int, default=60)
    ap.add_argument("--rounds", type=int, default=3)
    args = ap.parse_args()
    d = Driver(args)
    try:
        getattr(d, args.phase)()
    except Failed as e:
        sys.stderr.write("diskfull: %s: VIOLATION: %s\n" % (args.phase, e))
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main())
