#!/usr/bin/env bash
# Nodes follow their node pools: GPU capacity, pool-owned labels and taints restored after a
# kubectl change (as AKS reconciles them), pool label updates and scale-out/in through az,
# NoExecute taints with tolerationSeconds, pods with spec.nodeName, kubelet admission, and
# priority preemption.
source "$(dirname "$0")/lib.sh" "$1"
PROVISION_MS=200
start_daemon --node-ready-ms 200 --pod-start-ms 300
setup_az

RG=nodesRG CL=nodesAKS
run 0 az group create -n $RG -l eastus -o none
run 0 az aks create -g $RG -n $CL --node-count 2 --generate-ssh-keys -o none
run 0 az aks nodepool add -g $RG --cluster-name $CL -n gpupool --node-vm-size Standard_NC4as_T4_v3 --node-count 1 -o none
run 0 az aks nodepool add -g $RG --cluster-name $CL -n spotpool --priority Spot --eviction-policy Delete --spot-max-price -1 --node-count 1 -o none
setup_kubectl $RG $CL
K() { run 0 kubectl "$@"; }
wait_for 30 "4 Ready nodes" bash -c '[ "$(kubectl get nodes --no-headers | grep -c " Ready ")" = 4 ]'
GPU="$(kubectl get nodes -l agentpool=gpupool -o jsonpath='{.items[0].metadata.name}')"
SPOT="$(kubectl get nodes -l agentpool=spotpool -o jsonpath='{.items[0].metadata.name}')"

log "GPU nodes"
K get node "$GPU" -o json
assert_eq "$(json 'j["status"]["capacity"]["nvidia.com/gpu"]')" 1 "GPU capacity"
assert_eq "$(json 'j["status"]["allocatable"]["nvidia.com/gpu"]')" 1 "GPU allocatable"
assert_eq "$(json 'j["metadata"]["labels"]["accelerator"]')" nvidia "accelerator label"
assert_eq "$(json 'j["metadata"]["labels"]["kubernetes.azure.com/accelerator"]')" nvidia "AKS accelerator label"
assert_eq "$(json 'j["status"]["capacity"]["cpu"]')" 4 "NC4as_T4_v3 vCPUs"
cat >"$T/gpu.yaml" <<'Y'
apiVersion: v1
kind: Pod
metadata: {name: cuda}
spec:
  containers: [{name: c, image: "nvidia/cuda:12.4", resources: {limits: {nvidia.com/gpu: 1}}}]
---
apiVersion: v1
kind: Pod
metadata: {name: cuda2}
spec:
  containers: [{name: c, image: "nvidia/cuda:12.4", resources: {limits: {nvidia.com/gpu: 1}}}]
Y
K apply -f "$T/gpu.yaml"
wait_for 20 "a GPU pod runs" bash -c '[ "$(kubectl get pod cuda -o jsonpath={.status.phase})" = Running ] || [ "$(kubectl get pod cuda2 -o jsonpath={.status.phase})" = Running ]'
wait_for 20 "the second GPU pod is refused" bash -c 'kubectl get events --field-selector reason=FailedScheduling | grep -q "Insufficient nvidia.com/gpu"'
K get pods cuda cuda2 -o wide
assert_contains "$OUT" "$GPU" "the GPU pod landed on the GPU node"

log "pool-owned labels and taints come back"
K label node "$GPU" kubernetes.azure.com/agentpool=hacked --overwrite
K label node "$GPU" agentpool- team=mine
wait_for 20 "pool labels restored" bash -c '[ "$(kubectl get node '"$GPU"' -o jsonpath={.metadata.labels.agentpool})" = gpupool ] && [ "$(kubectl get node '"$GPU"' -o "jsonpath={.metadata.labels.kubernetes\.azure\.com/agentpool}")" = gpupool ]'
K get node "$GPU" -o jsonpath='{.metadata.labels.team}'
assert_eq "$OUT" mine "labels the pool does not own stay"
K taint node "$SPOT" kubernetes.azure.com/scalesetpriority-
wait_for 20 "spot taint restored" bash -c 'kubectl get node '"$SPOT"' -o jsonpath={.spec.taints[*].key} | grep -q kubernetes.azure.com/scalesetpriority'

log "pool updates and scaling through az"
run 0 az aks nodepool update -g $RG --cluster-name $CL -n nodepool1 --labels team=blue -o none
wait_for 20 "team=blue on nodepool1" bash -c '[ "$(kubectl get nodes -l team=blue,agentpool=nodepool1 -o name | wc -l)" = 2 ]'
K create deployment app --image=example/app:1 --replicas=4
K patch deployment app --type=merge -p '{"spec":{"template":{"spec":{"nodeSelector":{"agentpool":"nodepool1"}}}}}'
wait_for 30 "app ready" bash -c '[ "$(kubectl get deploy app -o jsonpath={.status.readyReplicas})" = 4 ] && [ "$(kubectl get deploy app -o jsonpath={.status.updatedReplicas})" = 4 ]'
run 0 az aks nodepool scale -g $RG --cluster-name $CL -n nodepool1 --node-count 3 -o none
wait_for 20 "3 nodepool1 nodes" bash -c '[ "$(kubectl get nodes -l agentpool=nodepool1 --no-headers | grep -c " Ready ")" = 3 ]'
K get nodes -l agentpool=nodepool1 -o name
assert_contains "$OUT" "vmss000002" "scale-out adds the next instance"
run 0 az aks nodepool scale -g $RG --cluster-name $CL -n nodepool1 --node-count 1 -o none
wait_for 20 "1 nodepool1 node" bash -c '[ "$(kubectl get nodes -l agentpool=nodepool1 -o name | wc -l)" = 1 ]'
K get nodes -l agentpool=nodepool1 -o name
assert_contains "$OUT" "vmss000000" "scale-in keeps the lowest instance id"
wait_for 30 "app back to 4 ready on the remaining node" bash -c '[ "$(kubectl get deploy app -o jsonpath={.status.readyReplicas})" = 4 ]'
N1="$(kubectl get nodes -l agentpool=nodepool1 -o jsonpath='{.items[0].metadata.name}')"
K get pods -l app=app -o jsonpath='{.items[*].spec.nodeName}'
assert_eq "$(tr ' ' '\n' <<<"$OUT" | sort -u)" "$N1" "replacement pods on the remaining node"

log "NoExecute taints"
cat >"$T/tol.yaml" <<Y
apiVersion: v1
kind: Pod
metadata: {name: stays}
spec:
  nodeName: $N1
  tolerations: [{key: maint, operator: Exists, effect: NoExecute}]
  containers: [{name: c, image: "busybox:1.36"}]
---
apiVersion: v1
kind: Pod
metadata: {name: leaves-later}
spec:
  nodeName: $N1
  tolerations: [{key: maint, operator: Exists, effect: NoExecute, tolerationSeconds: 3}]
  containers: [{name: c, image: "busybox:1.36"}]
Y
K apply -f "$T/tol.yaml"
wait_for 20 "pre-bound pods running" bash -c '[ "$(kubectl get pod stays -o jsonpath={.status.phase})" = Running ] && [ "$(kubectl get pod leaves-later -o jsonpath={.status.phase})" = Running ]'
K get events --field-selector involvedObject.name=stays,reason=Scheduled -o name
assert_eq "$OUT" "" "a pod with spec.nodeName never meets the scheduler"
K taint node "$N1" maint=yes:NoExecute
wait_for 10 "untolerating pods evicted" bash -c '[ -z "$(kubectl get pods -l app=app --field-selector spec.nodeName='"$N1"' -o name)" ]'
K get pod leaves-later
assert_contains "$OUT" "leaves-later" "tolerationSeconds: still there right after"
wait_for 15 "evicted after tolerationSeconds" bash -c '! kubectl get pod leaves-later'
K get pod stays -o jsonpath='{.status.phase}'
assert_eq "$OUT" Running "tolerating without seconds: stays"
K get events --field-selector reason=TaintManagerEviction
assert_contains "$OUT" "Marking for deletion Pod default/leaves-later" "taint manager event"
K taint node "$N1" maint=yes:NoExecute-

log "kubelet admission of pods with spec.nodeName"
cat >"$T/big.yaml" <<Y
apiVersion: v1
kind: Pod
metadata: {name: toobig}
spec:
  nodeName: $N1
  containers: [{name: c, image: "busybox:1.36", resources: {requests: {cpu: "64"}}}]
Y
K apply -f "$T/big.yaml"
wait_for 15 "rejected by the kubelet" bash -c '[ "$(kubectl get pod toobig -o jsonpath={.status.phase})" = Failed ]'
K get pod toobig -o jsonpath='{.status.reason}'
assert_eq "$OUT" OutOfcpu "kubelet's rejection reason"

log "priority and preemption on the GPU node"
cat >"$T/prio.yaml" <<'Y'
apiVersion: scheduling.k8s.io/v1
kind: PriorityClass
metadata: {name: high}
value: 1000000
---
apiVersion: apps/v1
kind: Deployment
metadata: {name: filler}
spec:
  replicas: 3
  selector: {matchLabels: {app: filler}}
  template:
    metadata: {labels: {app: filler}}
    spec:
      nodeSelector: {agentpool: gpupool}
      containers: [{name: c, image: "example/filler:1", resources: {requests: {cpu: "1"}}}]
Y
K apply -f "$T/prio.yaml"
wait_for 30 "filler ready" bash -c '[ "$(kubectl get deploy filler -o jsonpath={.status.readyReplicas})" = 3 ]'
cat >"$T/vip.yaml" <<'Y'
apiVersion: v1
kind: Pod
metadata: {name: vip}
spec:
  priorityClassName: high
  nodeSelector: {agentpool: gpupool}
  containers: [{name: c, image: "example/vip:1", resources: {requests: {cpu: 1500m}}}]
Y
K apply -f "$T/vip.yaml"
K get pod vip -o jsonpath='{.spec.priority}'
assert_eq "$OUT" 1000000 "priority from the PriorityClass"
wait_for 30 "vip runs after preempting a filler" bash -c '[ "$(kubectl get pod vip -o jsonpath={.status.phase})" = Running ]'
K get events --field-selector reason=Preempted
assert_contains "$OUT" "Preempted by pod" "preemption event"
wait_for 15 "the victim's replacement cannot fit" bash -c 'kubectl get events --field-selector reason=FailedScheduling | grep -q "pod/filler"'

stop_daemon
assert_no_outbound
pass
