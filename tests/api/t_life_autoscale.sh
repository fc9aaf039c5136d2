#!/usr/bin/env bash
# The cluster autoscaler through the real az and kubectl: pending pods scale an autoscaled pool
# up (TriggeredScaleUp), and once they are gone the pool comes back down after the unneeded
# time (profile set with az). Clock 600 times faster.
source "$(dirname "$0")/lib.sh" "$1"
PROVISION_MS=200
start_daemon --node-ready-ms 200 --pod-start-ms 300 --speed 600
setup_az
RG=casRG CL=casAKS
run 0 az group create -n $RG -l eastus -o none
run 0 az aks create -g $RG -n $CL --node-count 1 --generate-ssh-keys -o none
run 0 az aks nodepool add -g $RG --cluster-name $CL -n apps --node-count 1 --enable-cluster-autoscaler \
  --min-count 1 --max-count 4 -o none
run 0 az aks show -g $RG -n $CL --query autoScalerProfile.scaleDownUnneededTime -o tsv
assert_eq "$OUT" 10m "AKS's default profile is shown"
run 1 az aks update -g $RG -n $CL --cluster-autoscaler-profile scan-interval=often -o none
assert_contains "$ERR" "scan-interval" "a bad profile value is named"
run 0 az aks update -g $RG -n $CL --cluster-autoscaler-profile scale-down-unneeded-time=5m -o none
run 0 az aks show -g $RG -n $CL --query autoScalerProfile.scaleDownUnneededTime -o tsv
assert_eq "$OUT" 5m "the profile keeps the setting"
setup_kubectl $RG $CL
run 1 az aks nodepool scale -g $RG --cluster-name $CL -n apps --node-count 3 -o none
assert_contains "$ERR" "autoscaler" "manual scale of an autoscaled pool is refused"

log "scale-up for pending pods"
cat > "$T/web.yaml" <<'YAML'
apiVersion: apps/v1
kind: Deployment
metadata: {name: web}
spec:
  replicas: 6
  selector: {matchLabels: {app: web}}
  template:
    metadata: {labels: {app: web}}
    spec:
      nodeSelector: {agentpool: apps}
      containers:
      - name: web
        image: nginx
        resources: {requests: {cpu: 500m, memory: 256Mi}}
YAML
run 0 kubectl apply -f "$T/web.yaml"
wait_for 60 "all six web pods running" bash -c \
  '[ "$(kubectl get pods -l app=web --field-selector=status.phase=Running --no-headers | wc -l)" = 6 ]'
run 0 az aks nodepool show -g $RG --cluster-name $CL -n apps --query count -o tsv
[ "$OUT" -ge 2 ] && [ "$OUT" -le 4 ] || fail "pool scaled up to 2..4, got $OUT"
run 0 kubectl get events --field-selector reason=TriggeredScaleUp -o jsonpath='{.items[0].message}'
assert_contains "$OUT" "pod triggered scale-up: [{aks-apps-" "TriggeredScaleUp event with the VMSS name"
run 0 kubectl get events -n kube-system --field-selector reason=ScaledUpGroup -o jsonpath='{.items[0].message}'
assert_contains "$OUT" "Scale-up: setting group aks-apps-" "ScaledUpGroup on the status ConfigMap"
run 0 kubectl get configmap -n kube-system cluster-autoscaler-status -o jsonpath='{.data.status}'
assert_contains "$OUT" "autoscalerStatus: Running" "the status ConfigMap's text"
assert_contains "$OUT" "- name: aks-apps-" "the node group listed"
assert_contains "$OUT" "maxSize: 4" "with its max size"

log "pods no pool can take: NotTriggerScaleUp"
cat > "$T/huge.yaml" <<'YAML'
apiVersion: v1
kind: Pod
metadata: {name: huge}
spec:
  nodeSelector: {agentpool: apps}
  containers:
  - {name: c, image: nginx, resources: {requests: {cpu: "64"}}}
YAML
run 0 kubectl apply -f "$T/huge.yaml"
wait_for 60 "NotTriggerScaleUp for huge" bash -c \
  "kubectl get events --field-selector involvedObject.name=huge,reason=NotTriggerScaleUp -o jsonpath='{.items[0].message}' | grep -q ."
run 0 kubectl get events --field-selector involvedObject.name=huge,reason=NotTriggerScaleUp -o jsonpath='{.items[0].message}'
assert_contains "$OUT" "pod didn't trigger scale-up: " "NotTriggerScaleUp message"
assert_contains "$OUT" "Insufficient cpu" "the template node's reason"
run 0 kubectl delete pod huge --wait=false

log "scale-down blocked by PodDisruptionBudgets, then unblocked"
# two one-replica Deployments, each preferring one of two apps nodes, each with a PDB that
# allows no disruption: those two nodes stay although they are unneeded
read -r NA NB _ <<<"$(kubectl get nodes -l agentpool=apps -o jsonpath='{.items[*].metadata.name}')"
[ -n "$NB" ] || fail "two apps nodes expected, got '$NA'"
for x in a b; do
  n=$([ $x = a ] && echo "$NA" || echo "$NB")
  cat > "$T/p$x.yaml" <<YAML
apiVersion: apps/v1
kind: Deployment
metadata: {name: p$x}
spec:
  replicas: 1
  selector: {matchLabels: {app: p$x}}
  template:
    metadata: {labels: {app: p$x}}
    spec:
      nodeSelector: {agentpool: apps}
      affinity:
        nodeAffinity:
          preferredDuringSchedulingIgnoredDuringExecution:
          - weight: 100
            preference: {matchExpressions: [{key: kubernetes.io/hostname, operator: In, values: [$n]}]}
      containers:
      - {name: c, image: nginx, resources: {requests: {cpu: 100m, memory: 64Mi}}}
---
apiVersion: policy/v1
kind: PodDisruptionBudget
metadata: {name: p$x}
spec:
  minAvailable: 1
  selector: {matchLabels: {app: p$x}}
YAML
  run 0 kubectl apply -f "$T/p$x.yaml"
done
wait_for 60 "pa and pb running on their nodes" bash -c \
  "kubectl get pods -l app=pa -o jsonpath='{.items[0].spec.nodeName} {.items[0].status.phase}' | grep -qx '$NA Running' &&
   kubectl get pods -l app=pb -o jsonpath='{.items[0].spec.nodeName} {.items[0].status.phase}' | grep -qx '$NB Running'"
run 0 kubectl scale deployment web --replicas 1
wait_for 90 "apps down to the 2 PDB-held nodes" bash -c \
  '[ "$(az aks nodepool show -g '$RG' --cluster-name '$CL' -n apps --query count -o tsv)" = 2 ]'
sleep 3 # 30 emulated minutes, six times the unneeded time
run 0 az aks nodepool show -g $RG --cluster-name $CL -n apps --query count -o tsv
assert_eq "$OUT" 2 "the PDBs keep both nodes"
run 0 kubectl get nodes -o name
assert_contains "$OUT" "$NA" "pa's node kept"
assert_contains "$OUT" "$NB" "pb's node kept"
grep -q "node $NB cannot be removed: not enough pod disruption budget to move default/pb-" "$T/daemon.log" ||
  fail "the autoscaler logs why pb's node stays"
run 0 kubectl delete pdb pb
wait_for 90 "apps back to 1 node" bash -c \
  '[ "$(az aks nodepool show -g '$RG' --cluster-name '$CL' -n apps --query count -o tsv)" = 1 ]'
run 0 kubectl get nodes -l agentpool=apps -o name
assert_eq "$OUT" "node/$NA" "pb's node went, pa's (still under its PDB) stayed"
wait_for 60 "pb rescheduled on pa's node" bash -c \
  "kubectl get pods -l app=pb --field-selector=status.phase=Running -o jsonpath='{.items[0].spec.nodeName}' | grep -qx '$NA'"
wait_for 60 "one apps node left" bash -c '[ "$(kubectl get nodes -l agentpool=apps --no-headers | wc -l)" = 1 ]'
run 0 kubectl get events -n kube-system --field-selector involvedObject.name=cluster-autoscaler-status -o jsonpath='{range .items[*]}{.reason}{"\n"}{end}'
assert_contains "$OUT" "ScaleDown" "scale-down events on the status ConfigMap"
run 0 kubectl get events -n kube-system --field-selector involvedObject.name=cluster-autoscaler-status -o jsonpath='{range .items[*]}{.message}{"\n"}{end}'
assert_contains "$OUT" "Scale-down: removing " "the scale-down message"
run 0 kubectl get pods -l app=web --field-selector=status.phase=Running --no-headers
assert_eq "$(wc -l <<<"$OUT")" 1 "the remaining pod still runs"

log "a spot pool under the autoscaler: evicted nodes come back for the pending pods"
run 0 az aks nodepool add -g $RG --cluster-name $CL -n spotas --priority Spot --eviction-policy Delete \
  --spot-max-price -1 --node-count 2 --enable-cluster-autoscaler --min-count 1 --max-count 3 -o none
cat > "$T/batch.yaml" <<'YAML'
apiVersion: apps/v1
kind: Deployment
metadata: {name: batch}
spec:
  replicas: 2
  selector: {matchLabels: {app: batch}}
  template:
    metadata: {labels: {app: batch}}
    spec:
      nodeSelector: {agentpool: spotas}
      tolerations: [{key: kubernetes.azure.com/scalesetpriority, operator: Equal, value: spot, effect: NoSchedule}]
      containers:
      - {name: c, image: busybox, resources: {requests: {cpu: 1200m, memory: 256Mi}}}
YAML
run 0 kubectl apply -f "$T/batch.yaml"
wait_for 60 "both batch pods running, one per spot node" bash -c \
  '[ "$(kubectl get pods -l app=batch --field-selector=status.phase=Running -o jsonpath="{.items[*].spec.nodeName}" | wc -w)" = 2 ]'
NRG="MC_${RG}_${CL}_eastus"
VMSS_SPOT="$(az vmss list -g "$NRG" --query "[?tags.\"aks-managed-poolName\"=='spotas'].name" -o tsv)"
# the autoscaler may already have removed an empty spot node: evict one that runs a batch pod
VN="$(kubectl get pods -l app=batch -o jsonpath='{.items[0].spec.nodeName}')"
VID=$((36#${VN: -6}))
run 0 az vmss simulate-eviction -g "$NRG" -n "$VMSS_SPOT" --instance-id $VID
wait_for 60 "the evicted node is gone" bash -c "! kubectl get node $VN >/dev/null 2>&1"
wait_for 90 "the autoscaler brings the pool back to 2" bash -c \
  '[ "$(az aks nodepool show -g '$RG' --cluster-name '$CL' -n spotas --query count -o tsv)" = 2 ] &&
   [ "$(kubectl get pods -l app=batch --field-selector=status.phase=Running --no-headers | wc -l)" = 2 ]'
run 0 az vmss list-instances -g "$NRG" -n "$VMSS_SPOT" --query "[].instanceId" -o tsv
grep -qx "$VID" <<<"$OUT" && fail "instance $VID stays deleted (Delete policy): $OUT"
[ "$(grep -c . <<<"$OUT")" = 2 ] || fail "two spot instances, got: $OUT"
run 0 kubectl get events --field-selector reason=TriggeredScaleUp -o jsonpath='{range .items[*]}{.involvedObject.name} {.message}{"\n"}{end}'
assert_contains "$OUT" "batch-" "the pending batch pod triggered the scale-up"
assert_contains "$OUT" "$VMSS_SPOT" "of the spot pool's scale set"

assert_no_outbound
stop_daemon
pass
