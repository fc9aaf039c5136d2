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

log "scale-down after the unneeded time"
run 0 kubectl scale deployment web --replicas 1
wait_for 90 "apps back to 1 node" bash -c \
  '[ "$(az aks nodepool show -g '$RG' --cluster-name '$CL' -n apps --query count -o tsv)" = 1 ]'
wait_for 60 "one apps node left" bash -c '[ "$(kubectl get nodes -l agentpool=apps --no-headers | wc -l)" = 1 ]'
run 0 kubectl get events -n kube-system --field-selector involvedObject.name=cluster-autoscaler-status -o jsonpath='{range .items[*]}{.reason}{"\n"}{end}'
assert_contains "$OUT" "ScaleDown" "scale-down events on the status ConfigMap"
run 0 kubectl get events -n kube-system --field-selector involvedObject.name=cluster-autoscaler-status -o jsonpath='{range .items[*]}{.message}{"\n"}{end}'
assert_contains "$OUT" "Scale-down: removing " "the scale-down message"
run 0 kubectl get pods -l app=web --field-selector=status.phase=Running --no-headers
assert_eq "$(wc -l <<<"$OUT")" 1 "the remaining pod still runs"

assert_no_outbound
stop_daemon
pass
