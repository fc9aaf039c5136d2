#!/usr/bin/env bash
# The real kubectl against an emulated cluster's Kubernetes API: discovery, server-side
# printing with kube-apiserver's columns, selectors, create/apply of the common kinds (JSON and
# kubectl 1.32's protobuf bodies), scale, patch commands, drain against a PDB, events, watch.
source "$(dirname "$0")/lib.sh" "$1"
PROVISION_MS=200
start_daemon --node-ready-ms 300 --pod-start-ms 1500
setup_az

RG=kubeRG CL=kubeAKS
run 0 az group create -n $RG -l eastus -o none
run 0 az aks create -g $RG -n $CL --node-count 2 --generate-ssh-keys -o none
setup_kubectl $RG $CL
K() { run 0 kubectl "$@"; }

log "version, discovery, auth"
K version
assert_contains "$OUT" "Server Version: v1." "kubectl version"
K api-resources
for r in "pods po v1 true Pod" "nodes no v1 false Node" "deployments deploy apps/v1 true Deployment" \
         "poddisruptionbudgets pdb policy/v1 true PodDisruptionBudget" "leases coordination.k8s.io/v1 true Lease" \
         "daemonsets ds apps/v1 true DaemonSet" "jobs batch/v1 true Job" "events ev v1 true Event"; do
  assert_contains "$(tr -s ' ' <<<"$OUT")" "$r" "api-resources"
done
run 1 kubectl --token wrong-token get nodes
assert_contains "$ERR" "You must be logged in to the server (Unauthorized)" "wrong token"

log "nodes"
wait_for 20 "two Ready nodes" bash -c '[ "$(kubectl get nodes --no-headers | grep -c " Ready ")" = 2 ]'
K get nodes
assert_eq "$(header "$OUT")" "NAME STATUS ROLES AGE VERSION" "get nodes columns"
assert_contains "$OUT" "aks-nodepool1-" "node names"
assert_contains "$OUT" "agent" "ROLES from kubernetes.io/role"
K get nodes -o wide
assert_eq "$(header "$OUT")" "NAME STATUS ROLES AGE VERSION INTERNAL-IP EXTERNAL-IP OS-IMAGE KERNEL-VERSION CONTAINER-RUNTIME" "wide columns"
assert_contains "$OUT" "10.224.0." "internal IPs"
assert_contains "$OUT" "Ubuntu 22.04" "OS image"
K get nodes --show-labels
assert_contains "$OUT" "kubernetes.azure.com/agentpool=nodepool1" "node labels"
assert_contains "$OUT" "kubernetes.azure.com/mode=system" "mode label"
K get nodes -L agentpool -l kubernetes.azure.com/mode=system
assert_eq "$(header "$OUT")" "NAME STATUS ROLES AGE VERSION AGENTPOOL" "-L column"
assert_eq "$(grep -c nodepool1 <<<"$OUT")" 2 "label selector matches the system nodes"
K get nodes -l kubernetes.azure.com/mode=user
assert_contains "$ERR" "No resources found" "selector with no match"
NODE="$(kubectl get nodes -o jsonpath='{.items[0].metadata.name}')"
K describe node "$NODE"
for s in "Capacity:" "Allocatable:" "System Info:" "ProviderID:" "azure:///subscriptions/" "virtualMachineScaleSets" \
         "Non-terminated Pods:" "KubeletReady" "RenewTime:" "PodCIDR:"; do
  assert_contains "$OUT" "$s" "describe node"
done
K get node "$NODE" -o json
assert_eq "$(json 'j["status"]["capacity"]["cpu"]')" 2 "DS2_v2 has 2 vCPUs"
assert_eq "$(json 'j["status"]["allocatable"]["cpu"]')" 1900m "kube-reserved 100m"
assert_eq "$(json 'j["metadata"]["labels"]["node.kubernetes.io/instance-type"]')" Standard_DS2_v2 "instance type label"

log "system pods"
wait_for 30 "system pods running" bash -c '! kubectl get pods -n kube-system --no-headers | grep -v " Running "'
K get pods -A -o wide
assert_eq "$(header "$OUT")" "NAMESPACE NAME READY STATUS RESTARTS AGE IP NODE NOMINATED NODE READINESS GATES" "pods -A -o wide columns"
for p in coredns- metrics-server- konnectivity-agent- kube-proxy- cloud-node-manager- csi-azuredisk-node-; do
  assert_contains "$OUT" "kube-system   $p" "system pod $p"
done
K get deploy,ds -n kube-system
assert_contains "$OUT" "deployment.apps/coredns" "coredns deployment"
assert_contains "$OUT" "daemonset.apps/kube-proxy" "kube-proxy daemonset"
K get pdb -A
assert_eq "$(header "$OUT")" "NAMESPACE NAME MIN AVAILABLE MAX UNAVAILABLE ALLOWED DISRUPTIONS AGE" "pdb columns"
assert_contains "$OUT" "coredns-pdb" "AKS PDB"

log "lists: key order, pages, continue tokens"
K get pods -n kube-system -o name
assert_eq "$OUT" "$(sort <<<"$OUT")" "pods listed in name order, as etcd keys"
ALL="$(kubectl get pods -A --no-headers | awk '{print $1"/"$2}')"
K get pods -A --chunk-size=3 --no-headers
assert_eq "$(awk '{print $1"/"$2}' <<<"$OUT")" "$ALL" "kubectl's 3-item pages add up to the whole list"
NSYS="$(kubectl get pods -n kube-system --no-headers | wc -l)"
# --raw paths are absolute on the server: the cluster's API lives under the kubeconfig's path
KP="$(kubectl config view --minify -o jsonpath='{.clusters[0].cluster.server}' | sed 's|^https://[^/]*||')"
K get --raw "$KP/api/v1/namespaces/kube-system/pods?limit=2"
assert_eq "$(json 'len(j["items"])')" 2 "limit=2 returns two pods"
assert_eq "$(json 'j["metadata"]["remainingItemCount"]')" "$((NSYS - 2))" "remainingItemCount"
CONT="$(json 'j["metadata"]["continue"]')"
LAST="$(json 'j["items"][1]["metadata"]["name"]')"
assert_eq "$(python3 -c 'import base64,json,sys; t=sys.argv[1]; print(json.loads(base64.urlsafe_b64decode(t+"="*(-len(t)%4)))["start"].rstrip(chr(0)))' "$CONT")" "kube-system/$LAST" "continue token (raw URL base64) names the last key"
K get --raw "$KP/api/v1/namespaces/kube-system/pods?limit=500&continue=$CONT"
assert_eq "$(json 'len(j["items"])')" "$((NSYS - 2))" "the next page holds the rest"
assert_eq "$(json '"continue" in j["metadata"]')" False "last page: no continue"
run 1 kubectl get --raw "$KP/api/v1/pods?limit=2&continue=notatoken"
assert_contains "$ERR" "continue key is not valid" "bad continue token: 400"
K get --raw "$KP/api/v1/pods?limit=1&labelSelector=k8s-app%3Dkube-proxy"
assert_eq "$(json '"remainingItemCount" in j["metadata"]')" False "no remainingItemCount with a selector"

log "create and apply -f"
cat >"$T/ns.yaml" <<'Y'
apiVersion: v1
kind: Namespace
metadata: {name: team-a}
Y
K create -f "$T/ns.yaml"
assert_contains "$OUT" "namespace/team-a created" "namespace create"
cat >"$T/pod.yaml" <<'Y'
apiVersion: v1
kind: Pod
metadata:
  name: web
  namespace: team-a
  labels: {app: web, tier: front}
  annotations: {note: kept}
spec:
  containers:
  - name: nginx
    image: nginx:1.27
    ports: [{containerPort: 80}]
    resources: {requests: {cpu: 100m, memory: 64Mi}}
  x-unknown-field: kept
Y
kubectl get pods -n team-a -w --request-timeout=60s >"$T/watch.out" 2>&1 &
WATCH_PID=$!
sleep 1
K create -f "$T/pod.yaml"
assert_contains "$OUT" "pod/web created" "pod create"
wait_for 20 "pod Running" bash -c '[ "$(kubectl get pod web -n team-a -o jsonpath={.status.phase})" = Running ]'
sleep 0.5
kill $WATCH_PID 2>/dev/null; wait $WATCH_PID 2>/dev/null
WATCHED="$(cat "$T/watch.out")"
assert_contains "$WATCHED" "Pending" "watch saw Pending"
assert_contains "$WATCHED" "ContainerCreating" "watch saw ContainerCreating"
assert_contains "$WATCHED" "Running" "watch saw Running"
K get pod web -n team-a -o json
assert_eq "$(json 'j["spec"]["x-unknown-field"]')" kept "unknown fields are kept"
assert_eq "$(json 'j["metadata"]["annotations"]["note"]')" kept "annotations"
assert_eq "$(json 'j["status"]["qosClass"]')" Burstable "QoS class"
assert_eq "$(json 'j["spec"]["containers"][0]["ports"][0]["protocol"]')" TCP "defaults"
assert_contains "$(json 'j["status"]["podIP"]')" "10.244." "pod IP from the node's range"
K describe pod web -n team-a
assert_contains "$OUT" "Successfully assigned team-a/web to aks-nodepool1-" "Scheduled event"
K apply -f "$T/pod.yaml"
assert_contains "$OUT" "pod/web" "apply existing"
run 1 kubectl create -f "$T/pod.yaml"
assert_contains "$ERR" 'pods "web" already exists' "AlreadyExists"
cat >"$T/bad.yaml" <<'Y'
apiVersion: v1
kind: Pod
metadata: {name: bad}
spec:
  containers:
  - name: c
Y
run 1 kubectl create -f "$T/bad.yaml" --validate=false
assert_contains "$ERR" 'The Pod "bad" is invalid: spec.containers[0].image: Required value' "422 Invalid"
run 1 kubectl get pod nosuch
assert_contains "$ERR" 'Error from server (NotFound): pods "nosuch" not found' "NotFound"

cat >"$T/workloads.yaml" <<'Y'
apiVersion: apps/v1
kind: Deployment
metadata: {name: api, namespace: team-a}
spec:
  replicas: 3
  selector: {matchLabels: {app: api}}
  template:
    metadata: {labels: {app: api}}
    spec:
      containers: [{name: api, image: "ghcr.io/example/api:2.1", resources: {requests: {cpu: 50m, memory: 32Mi}}}]
---
apiVersion: policy/v1
kind: PodDisruptionBudget
metadata: {name: api-pdb, namespace: team-a}
spec:
  minAvailable: 3
  selector: {matchLabels: {app: api}}
---
apiVersion: apps/v1
kind: DaemonSet
metadata: {name: agent, namespace: team-a}
spec:
  selector: {matchLabels: {app: agent}}
  template:
    metadata: {labels: {app: agent}}
    spec:
      containers: [{name: agent, image: "busybox:1.36"}]
---
apiVersion: batch/v1
kind: Job
metadata: {name: batch, namespace: team-a}
spec:
  completions: 2
  template:
    metadata: {annotations: {aksemu.io/run-duration: 1s}}
    spec:
      restartPolicy: Never
      containers: [{name: work, image: "busybox:1.36"}]
Y
K apply -f "$T/workloads.yaml"
for s in "deployment.apps/api created" "poddisruptionbudget.policy/api-pdb created" "daemonset.apps/agent created" "job.batch/batch created"; do
  assert_contains "$OUT" "$s" "apply -f"
done
wait_for 30 "api deployment available" bash -c '[ "$(kubectl get deploy api -n team-a -o jsonpath={.status.readyReplicas})" = 3 ]'
wait_for 30 "job complete" bash -c '[ "$(kubectl get job batch -n team-a -o jsonpath={.status.succeeded})" = 2 ]'
K get deploy,rs,ds,jobs -n team-a
assert_contains "$(tr -s ' ' <<<"$OUT")" "NAME READY UP-TO-DATE AVAILABLE AGE" "deployment columns"
assert_contains "$(tr -s ' ' <<<"$OUT")" "NAME DESIRED CURRENT READY AGE" "replicaset columns"
assert_contains "$(tr -s ' ' <<<"$OUT")" "NAME DESIRED CURRENT READY UP-TO-DATE AVAILABLE NODE SELECTOR AGE" "daemonset columns"
assert_contains "$(tr -s ' ' <<<"$OUT")" "NAME STATUS COMPLETIONS DURATION AGE" "job columns"
assert_contains "$(tr -s ' ' <<<"$OUT")" "deployment.apps/api 3/3 3 3" "deployment ready"
assert_contains "$(tr -s ' ' <<<"$OUT")" "daemonset.apps/agent 2 2 2 2 2" "one daemon pod per node"
assert_contains "$(tr -s ' ' <<<"$OUT")" "job.batch/batch Complete 2/2" "job completed"

log "scale, label, annotate, taint, patch"
K scale deployment api -n team-a --replicas=4
assert_contains "$OUT" "deployment.apps/api scaled" "scale"
wait_for 20 "four api pods ready" bash -c '[ "$(kubectl get deploy api -n team-a -o jsonpath={.status.readyReplicas})" = 4 ]'
K get pdb api-pdb -n team-a
assert_contains "$(tr -s ' ' <<<"$OUT")" "api-pdb 3 N/A 1" "PDB status computed by the server"
K label node "$NODE" team=a
assert_contains "$OUT" "labeled" "label"
K get nodes -l team=a -o name
assert_eq "$OUT" "node/$NODE" "label applied"
K annotate node "$NODE" note=hello
K taint node "$NODE" dedicated=test:NoSchedule
assert_contains "$OUT" "tainted" "taint"
K get node "$NODE" -o jsonpath='{.spec.taints[*].key}'
assert_contains "$OUT" "dedicated" "taint applied"
K taint node "$NODE" dedicated=test:NoSchedule-
assert_contains "$OUT" "untainted" "untaint"
K patch deployment api -n team-a --type=merge -p '{"metadata":{"labels":{"patched":"yes"}}}'
K patch deployment api -n team-a --type=json -p '[{"op":"add","path":"/metadata/annotations","value":{"j":"1"}}]'
K get deployment api -n team-a -o jsonpath='{.metadata.labels.patched}{.metadata.annotations.j}'
assert_eq "$OUT" "yes1" "merge and json patches"

log "cordon and drain against a PDB"
# the node holding the most api pods: draining it needs more than the one disruption allowed
API_NODE="$(kubectl get pods -n team-a -l app=api -o jsonpath='{range .items[*]}{.spec.nodeName}{"\n"}{end}' | sort | uniq -c | sort -rn | awk 'NR==1{print $2}')"
K cordon "$API_NODE"
assert_contains "$OUT" "node/$API_NODE cordoned" "cordon"
K get node "$API_NODE"
assert_contains "$OUT" "Ready,SchedulingDisabled" "cordoned status"
WEB_NODE="$(kubectl get pod web -n team-a -o jsonpath='{.spec.nodeName}')"
run 0 kubectl drain "$API_NODE" --ignore-daemonsets --delete-emptydir-data --force --timeout=120s
DRAIN_OUT="$OUT$ERR"
assert_contains "$OUT$ERR" "Cannot evict pod as it would violate the pod's disruption budget." "drain blocked by the PDB at first"
assert_contains "$OUT" "node/$API_NODE drained" "drain finished once replacements were ready"
K get pods -n team-a -l app=api -o wide
assert_not_contains "$OUT" "$API_NODE" "no api pod left on the drained node"
if [ "$WEB_NODE" = "$API_NODE" ]; then
  # --force: a pod without a controller is deleted, and nothing brings it back
  assert_contains "$DRAIN_OUT" "declare no controller: team-a/web" "drain --force warns about web"
  run 1 kubectl get pod web -n team-a
  kubectl run web -n team-a --image=nginx:1.27 -l app=web >/dev/null
fi
K uncordon "$API_NODE"
assert_contains "$OUT" "node/$API_NODE uncordoned" "uncordon"

log "events and delete"
K get events -n team-a
assert_eq "$(header "$OUT")" "LAST SEEN TYPE REASON OBJECT MESSAGE" "events columns"
assert_contains "$OUT" "ScalingReplicaSet" "deployment controller events"
K get events -A -o wide
assert_contains "$OUT" "default-scheduler" "event sources"
K delete deployment api -n team-a
assert_contains "$OUT" 'deployment.apps "api" deleted' "delete deployment"
wait_for 20 "api pods gone" bash -c '[ -z "$(kubectl get pods -n team-a -l app=api -o name)" ]'
K delete pod web -n team-a
assert_contains "$OUT" 'pod "web" deleted' "delete pod"
K delete namespace team-a
wait_for 20 "namespace gone" bash -c '! kubectl get namespace team-a'

log "the cluster goes, and its Kubernetes API with it"
run 0 az aks delete -g $RG -n $CL --yes
run 3 az aks show -g $RG -n $CL
assert_contains "$ERR" "ResourceNotFound" "deleted cluster"
run 1 kubectl get nodes
assert_contains "$ERR" "no emulated cluster answers at" "kubectl against a deleted cluster"
stop_daemon
assert_no_outbound
pass
