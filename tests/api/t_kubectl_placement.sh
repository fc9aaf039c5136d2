#!/usr/bin/env bash
# Where pods land with the node pools of reference/aks-node-pools-guide.txt, created with the
# guide's az commands: nodeSelector steers onto mempool, pods without tolerations stay off the
# tainted system pool and the spot pool, a spot-tolerating pod may use spot, CoreDNS and
# metrics-server end up on the dedicated system pool, and an unschedulable pod gets
# kube-scheduler's FailedScheduling message. Also the opposite layout: without a dedicated
# system pool, CoreDNS shares nodes with the application.
source "$(dirname "$0")/lib.sh" "$1"
PROVISION_MS=200
start_daemon --node-ready-ms 200 --pod-start-ms 300
setup_az

RG=myResourceGroup CL=myAKSCluster
run 0 az group create -n $RG -l eastus -o none
run 0 az aks create -g $RG -n $CL --node-count 2 --generate-ssh-keys -o none
run 0 az aks nodepool add --resource-group $RG --cluster-name $CL --name systempool \
  --node-count 2 --node-vm-size Standard_B2s --labels critical-addons=true \
  --node-taints CriticalAddonsOnly=true:NoSchedule --mode system -o none
run 0 az aks nodepool add --resource-group $RG --cluster-name $CL --name mempool \
  --node-count 3 --node-vm-size Standard_E4s_v3 --labels workload=memory-intensive \
  --tags Environment=Production -o none
run 0 az aks nodepool add --resource-group $RG --cluster-name $CL --name spotpool \
  --priority Spot --eviction-policy Delete --spot-max-price -1 \
  --node-vm-size Standard_DS2_v2 --labels workload=interruptible -o none
# the dedicated system pool replaces the default one
run 0 az aks nodepool delete --resource-group $RG --cluster-name $CL --name nodepool1
setup_kubectl $RG $CL
K() { run 0 kubectl "$@"; }

wait_for 30 "8 Ready nodes" bash -c '[ "$(kubectl get nodes --no-headers | grep -c " Ready ")" = 8 ]'
K get nodes -L agentpool,kubernetes.azure.com/mode
assert_not_contains "$OUT" nodepool1 "the default pool is gone"
K get node -l agentpool=spotpool -o jsonpath='{.items[0].spec.taints[*].key}'
assert_contains "$OUT" "kubernetes.azure.com/scalesetpriority" "spot nodes carry the spot taint"
K get node -l agentpool=systempool -o jsonpath='{.items[0].spec.taints[*].key}'
assert_contains "$OUT" "CriticalAddonsOnly" "system nodes carry CriticalAddonsOnly"

pool_of() { kubectl get node "$1" -o jsonpath='{.metadata.labels.agentpool}'; }
pools_of_pods() { # namespace selector -> sorted unique pools
  local n
  for n in $(kubectl get pods -n "$1" -l "$2" -o jsonpath='{.items[*].spec.nodeName}'); do pool_of "$n"; echo; done | sort -u | tr '\n' ' ' | sed 's/ *$//'
}

log "system add-ons move to the dedicated system pool"
wait_for 30 "coredns rescheduled and running" bash -c '[ "$(kubectl get deploy coredns -n kube-system -o jsonpath={.status.readyReplicas})" -ge 2 ]'
wait_for 30 "metrics-server running" bash -c '[ "$(kubectl get deploy metrics-server -n kube-system -o jsonpath={.status.readyReplicas})" = 2 ]'
assert_eq "$(pools_of_pods kube-system k8s-app=kube-dns)" systempool "CoreDNS pools"
assert_eq "$(pools_of_pods kube-system k8s-app=metrics-server)" systempool "metrics-server pools"
K get ds kube-proxy -n kube-system -o jsonpath='{.status.numberReady}'
assert_eq "$OUT" 8 "kube-proxy on every node, spot included"

log "workloads"
cat >"$T/apps.yaml" <<'Y'
apiVersion: apps/v1
kind: Deployment
metadata: {name: memhog}
spec:
  replicas: 6
  selector: {matchLabels: {app: memhog}}
  template:
    metadata: {labels: {app: memhog}}
    spec:
      nodeSelector: {workload: memory-intensive}
      containers: [{name: app, image: "example/memhog:1", resources: {requests: {cpu: 200m, memory: 4Gi}}}]
---
apiVersion: apps/v1
kind: Deployment
metadata: {name: plain}
spec:
  replicas: 12
  selector: {matchLabels: {app: plain}}
  template:
    metadata: {labels: {app: plain}}
    spec:
      containers: [{name: app, image: "example/plain:1", resources: {requests: {cpu: 50m, memory: 64Mi}}}]
---
apiVersion: apps/v1
kind: Deployment
metadata: {name: batch}
spec:
  replicas: 4
  selector: {matchLabels: {app: batch}}
  template:
    metadata: {labels: {app: batch}}
    spec:
      nodeSelector: {kubernetes.azure.com/scalesetpriority: spot}
      tolerations:
      - {key: kubernetes.azure.com/scalesetpriority, operator: Equal, value: spot, effect: NoSchedule}
      containers: [{name: app, image: "example/batch:1", resources: {requests: {cpu: 100m, memory: 128Mi}}}]
---
apiVersion: v1
kind: Pod
metadata: {name: lost}
spec:
  nodeSelector: {workload: gpu}
  containers: [{name: app, image: "example/gpu:1"}]
Y
K apply -f "$T/apps.yaml"
wait_for 30 "memhog ready" bash -c '[ "$(kubectl get deploy memhog -o jsonpath={.status.readyReplicas})" = 6 ]'
wait_for 30 "plain ready" bash -c '[ "$(kubectl get deploy plain -o jsonpath={.status.readyReplicas})" = 12 ]'
wait_for 30 "batch ready" bash -c '[ "$(kubectl get deploy batch -o jsonpath={.status.readyReplicas})" = 4 ]'
assert_eq "$(pools_of_pods default app=memhog)" mempool "nodeSelector workload=memory-intensive"
assert_eq "$(pools_of_pods default app=plain)" mempool "pods without tolerations avoid systempool and spotpool"
assert_eq "$(pools_of_pods default app=batch)" spotpool "spot-tolerating pods with a spot selector"
wait_for 15 "FailedScheduling recorded" bash -c 'kubectl get events --field-selector involvedObject.name=lost -o name | grep -q .'
K get pod lost
assert_contains "$OUT" "Pending" "unschedulable pod stays Pending"
K describe pod lost
assert_contains "$OUT" "FailedScheduling" "FailedScheduling event"
assert_contains "$OUT" "0/8 nodes are available:" "kube-scheduler's message"
assert_contains "$OUT" "node(s) didn't match Pod's node affinity/selector" "selector reason"
assert_contains "$OUT" "node(s) had untolerated taint {CriticalAddonsOnly: true}" "system-pool taint reason"
assert_contains "$OUT" "node(s) had untolerated taint {kubernetes.azure.com/scalesetpriority: spot}" "spot taint reason"
K get pod lost -o jsonpath='{.status.conditions[0].reason}'
assert_eq "$OUT" Unschedulable "PodScheduled=False reason"

log "memory fills mempool: seven 4Gi replicas fit an E4s_v3 node (about 28.7Gi allocatable)"
K scale deployment memhog --replicas=24
wait_for 30 "FailedScheduling for memhog" bash -c 'kubectl get events --field-selector reason=FailedScheduling | grep -q "pod/memhog"'
K get events --field-selector reason=FailedScheduling
assert_contains "$OUT" "3 Insufficient memory" "memory-bound message"
wait_for 20 "21 replicas running: seven per E4s_v3 node" bash -c '[ "$(kubectl get pods -l app=memhog --field-selector=status.phase=Running -o name | wc -l)" = 21 ]'
sleep 1
K get pods -l app=memhog --field-selector=status.phase=Pending -o name
assert_eq "$(wc -l <<<"$OUT")" 3 "three replicas stay Pending"

log "without a dedicated system pool CoreDNS shares nodes with the application"
run 0 az aks create -g $RG -n shared --node-count 2 --generate-ssh-keys -o none
run 0 az aks get-credentials -g $RG -n shared --file "$T/kc-shared"
export KUBECONFIG="$T/kc-shared"
wait_for 30 "coredns ready" bash -c '[ "$(kubectl get deploy coredns -n kube-system -o jsonpath={.status.readyReplicas})" -ge 2 ]'
# nothing keeps applications off CoreDNS's nodes: replicas pinned to each of them run there
for DNS_NODE in $(kubectl get pods -n kube-system -l k8s-app=kube-dns -o jsonpath='{.items[*].spec.nodeName}' | tr ' ' '\n' | sort -u); do
  D="app-$(tail -c 7 <<<"$DNS_NODE")"
  K create deployment "$D" --image=example/app:1 --replicas=2
  K patch deployment "$D" --type=merge -p '{"spec":{"template":{"spec":{"nodeSelector":{"kubernetes.io/hostname":"'"$DNS_NODE"'"}}}}}'
  wait_for 30 "$D ready beside CoreDNS" bash -c '[ "$(kubectl get deploy '"$D"' -o jsonpath={.status.readyReplicas})" = 2 ] && [ "$(kubectl get deploy '"$D"' -o jsonpath={.status.updatedReplicas})" = 2 ]'
  K get pods -l app="$D" -o jsonpath='{.items[*].spec.nodeName}'
  assert_eq "$(tr ' ' '\n' <<<"$OUT" | sort -u)" "$DNS_NODE" "application pods share CoreDNS's node $DNS_NODE"
done

stop_daemon
assert_no_outbound
pass
