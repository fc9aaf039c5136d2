#!/usr/bin/env bash
# t_limits.sh - limits and abuse: every one answered with a proper error, memory bounded.
#
# A daemon with --max-connections 16 --request-timeout-s 3. Bodies over 3 MiB get 413 in each
# API's shape and write nothing; huge headers 431, huge URLs 414; JSON nested 10,000 deep gets
# 400 (ARM InvalidRequestContent, Kubernetes BadRequest), YAML too; annotations over 256 KiB and
# ConfigMap data over 1 MiB get 422 FieldValueTooLong while a ConfigMap with 10,000 labels is
# fine. A flood of 40 connections: 16 served, the rest refused at once, and a new client served
# after. Slow-loris clients (headers a byte every 0.5 s) and a trickled body are closed after
# the request timeout while a well-behaved client is served meanwhile. Watchers that never read
# while 2,400 events of 64 KiB of random data go by (150 MiB) end with 410 Expired when they
# read at last; the daemon's memory stays within the watch cache's 64 MiB and it answers
# throughout. 10,000 agent pools asked for, one PUT each: the first 99 made (100 with the
# first), the rest refused with OperationNotAllowed; a cluster PUT with 10,000 pools refused.
# tests/tools/abuse.py is the misbehaving client.
source "$(dirname "$0")/lib.sh" "$1"
PROVISION_MS=100
ABUSE="$TESTS_DIR/tools/abuse.py"
# a small ASan quarantine, so that the RSS figures measure the daemon, not freed memory kept
export ASAN_OPTIONS="${ASAN_OPTIONS:+$ASAN_OPTIONS:}quarantine_size_mb=8"
start_daemon --max-connections 16 --request-timeout-s 3
A="$AKSEMU" SUB=/subscriptions/00000000-0000-0000-0000-000000000001
TOKEN="$(cat "$DATA/token")"
c() { curl -sS --noproxy '*' --cacert "$DATA/tls/ca.pem" -H "Authorization: Bearer $TOKEN" "$@"; }
abuse() { # SUBCOMMAND args...: one JSON line in $OUT
  CHECKS=$((CHECKS + 1))
  OUT_FILE="$T/abuse.$1.out"; ERR_FILE="$T/abuse.$1.err"
  timeout 300 python3 "$ABUSE" "$@" --data "$DATA" >"$OUT_FILE" 2>"$ERR_FILE" ||
    fail "abuse.py $1 failed: $(tail -n 5 "$ERR_FILE")"
  OUT="$(cat "$OUT_FILE")"
  log "abuse.py $1: $OUT"
}
alive() { kill -0 "$DAEMON_PID" 2>/dev/null || fail "the daemon died ($1)"; }

run 0 "$A" group create -n limitsRG -l eastus
run 0 "$A" aks create -g limitsRG -n lim --node-count 1 --generate-ssh-keys
run 0 "$A" aks get-credentials -g limitsRG -n lim --file "$T/kubeconfig"
export KUBECONFIG="$T/kubeconfig"
command -v kubectl >/dev/null || fail "kubectl is not installed"
wait_for 30 "the cluster's default namespace" kubectl get namespace default
KSERVER="$(kubectl config view --raw -o jsonpath='{.clusters[0].cluster.server}')"
KTOKEN="$(kubectl config view --raw -o jsonpath='{.users[0].user.token}')"
KPATH="/${KSERVER#https://*/}"
kc() { curl -sS --noproxy '*' --cacert "$DATA/tls/ca.pem" -H "Authorization: Bearer $KTOKEN" "$@"; }

log "bodies over 3 MiB: 413, nothing written"
python3 -c "import json; print(json.dumps({'location':'eastus','tags':{'pad':'x'*(4<<20)}}))" > "$T/big.json"
CODE="$(c -o "$T/r" -w '%{http_code}' -X PUT -H 'Content-Type: application/json' \
  --data-binary @"$T/big.json" "$URL$SUB/resourcegroups/bigRG?api-version=2022-09-01")"
assert_eq "$CODE" 413 "ARM: a 4 MiB body"
assert_eq "$(python3 -c 'import json,sys; print(json.load(open(sys.argv[1]))["error"]["code"])' "$T/r")" \
  RequestEntityTooLarge "ARM error shape"
assert_eq "$(c -o /dev/null -w '%{http_code}' "$URL$SUB/resourcegroups/bigRG?api-version=2022-09-01")" 404 "nothing written"
python3 -c "import json; print(json.dumps({'apiVersion':'v1','kind':'ConfigMap','metadata':{'name':'big'},'data':{'d':'x'*(4<<20)}}))" > "$T/bigcm.json"
CODE="$(kc -o "$T/r" -w '%{http_code}' -X POST -H 'Content-Type: application/json' \
  --data-binary @"$T/bigcm.json" "$KSERVER/api/v1/namespaces/default/configmaps")"
assert_eq "$CODE" 413 "Kubernetes: a 4 MiB body"
assert_eq "$(python3 -c 'import json,sys; j=json.load(open(sys.argv[1])); print(j["kind"], j["reason"], j["code"])' "$T/r")" \
  "Status RequestEntityTooLarge 413" "Kubernetes Status"
run 1 kubectl get configmap big
assert_contains "$ERR" 'configmaps "big" not found' "nothing written"

log "huge headers 431, huge URLs 414"
H="X-Pad: $(head -c 65536 /dev/zero | tr '\0' a)"
assert_eq "$(c -o /dev/null -w '%{http_code}' -H "$H" "$URL/healthz")" 431 "a 64 KiB header"
assert_eq "$(c -o /dev/null -w '%{http_code}' "$URL$SUB/resourcegroups/$(head -c 70000 /dev/zero | tr '\0' a)")" 414 "a 70 KB URL"
assert_eq "$(c -o /dev/null -w '%{http_code}' "$URL/healthz")" 200 "served after"

log "deep nesting: 400"
python3 -c "print('{\"location\":\"eastus\",\"tags\":' + '{\"a\":' * 10000 + '1' + '}' * 10001)" > "$T/deep.json"
CODE="$(c -o "$T/r" -w '%{http_code}' -X PUT -H 'Content-Type: application/json' \
  --data-binary @"$T/deep.json" "$URL$SUB/resourcegroups/deepRG?api-version=2022-09-01")"
assert_eq "$CODE" 400 "ARM: JSON 10,000 deep"
assert_eq "$(python3 -c 'import json,sys; print(json.load(open(sys.argv[1]))["error"]["code"])' "$T/r")" \
  InvalidRequestContent "ARM error code"
python3 -c "print('{\"apiVersion\":\"v1\",\"kind\":\"ConfigMap\",\"metadata\":{\"name\":\"deep\",\"annotations\":' + '[' * 10000 + ']' * 10000 + '}}')" > "$T/deepcm.json"
CODE="$(kc -o "$T/r" -w '%{http_code}' -X POST -H 'Content-Type: application/json' \
  --data-binary @"$T/deepcm.json" "$KSERVER/api/v1/namespaces/default/configmaps")"
assert_eq "$CODE" 400 "Kubernetes: JSON 10,000 deep"
assert_eq "$(python3 -c 'import json,sys; j=json.load(open(sys.argv[1])); print(j["kind"], j["code"])' "$T/r")" "Status 400" "a Status"
python3 -c "print('apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: deepy\n  annotations: ' + '[' * 5000 + ']' * 5000)" > "$T/deep.yaml"
CODE="$(kc -o "$T/r" -w '%{http_code}' -X POST -H 'Content-Type: application/yaml' \
  --data-binary @"$T/deep.yaml" "$KSERVER/api/v1/namespaces/default/configmaps")"
assert_eq "$CODE" 400 "Kubernetes: YAML 5,000 deep"
alive "deep nesting"

log "huge label maps and annotations"
python3 -c "
import json
print(json.dumps({'apiVersion':'v1','kind':'ConfigMap','metadata':{'name':'labels','labels':{'k%d' % i: 'v%d' % i for i in range(10000)}}}))" > "$T/labels.json"
run 0 kubectl create -f "$T/labels.json"
assert_eq "$(kubectl get configmap labels -o json | python3 -c 'import json,sys; print(len(json.load(sys.stdin)["metadata"]["labels"]))')" 10000 "10,000 labels kept"
run 0 kubectl get configmaps -l k9999=v9999 -o name
assert_eq "$OUT" configmap/labels "selected by its 10,000th label"
python3 -c "
import json
print(json.dumps({'apiVersion':'v1','kind':'ConfigMap','metadata':{'name':'annot','annotations':{'a%d' % i: 'x' * 1000 for i in range(300)}}}))" > "$T/annot.json"
run 1 kubectl create -f "$T/annot.json"
assert_contains "$ERR" "Too long: must have at most 262144 bytes" "annotations over 256 KiB"
python3 -c "
import json
print(json.dumps({'apiVersion':'v1','kind':'ConfigMap','metadata':{'name':'fat'},'data':{'a':'x'*(600<<10),'b':'y'*(600<<10)}}))" > "$T/fat.json"
run 1 kubectl create -f "$T/fat.json"
assert_contains "$ERR" "Too long" "ConfigMap data over 1 MiB"
run 1 kubectl get configmap annot fat
assert_not_contains "$OUT" "annot" "nothing written"

log "a flood of connections"
abuse flood --conns 40
assert_eq "$(json 'j["served"] <= 16 and j["served"] >= 8')" True "at most --max-connections served"
assert_eq "$(json 'j["served"] + j["refused"]')" 40 "the others refused"
assert_eq "$(json 'j["served_after"]')" True "a new client served after"
assert_contains "$(cat "$T/daemon.log")" "refused a connection: " "the refusals are logged"

log "slow-loris clients and a trickled body"
abuse slowloris --conns 12 --seconds 12
assert_eq "$(json 'j["closed"]')" 12 "every slow client closed"
assert_eq "$(json 'j["last_closed_s"] < 9')" True "after the 3 s request timeout (and the 1 s sweep)"
assert_eq "$(json 'j["served_meanwhile"] and j["served_after"]')" True "a good client served meanwhile and after"
abuse slowbody --seconds 12
assert_eq "$(json 'j["closed_s"] is not None and j["closed_s"] < 9')" True "a body that trickles in is cut off"
assert_eq "$(c -o /dev/null -w '%{http_code}' "$URL$SUB/resourcegroups/slowRG?api-version=2022-09-01")" 404 "and not written"

log "watchers that never read"
abuse stalled-watch --server "$KSERVER" --token "$KTOKEN" --watchers 4 --objects 1200 --kib 64 --pid "$DAEMON_PID"
assert_eq "$(json 'all(o in ("expired", "closed") for o in j["outcomes"])')" True "left behind: 410 Expired (or closed)"
assert_eq "$(json 'j["outcomes"].count("expired") >= 1')" True "410 Expired told"
assert_eq "$(json 'j["served_during"] and j["served_after"]')" True "the daemon answered throughout"
assert_eq "$(json '(j["rss_peak_kb"] - j["rss_before_kb"]) < 120 * 1024')" True \
  "memory bounded by the watch cache (150 MiB of events went by)"
run 124 timeout 3 kubectl get configmaps -w -o name
assert_contains "$OUT" "configmap/labels" "a new watcher is served"

log "10,000 agent pools"
abuse pools --cluster "$SUB/resourceGroups/limitsRG/providers/Microsoft.ContainerService/managedClusters/lim" --count 10000 --pid "$DAEMON_PID"
assert_eq "$(json 'j["statuses"]')" '{"201": 99, "400": 9901}' "99 made, the rest refused"
assert_eq "$(json 'j["codes"]')" '{"OperationNotAllowed": 9901}' "OperationNotAllowed"
assert_eq "$(json 'j["first_error"]["pool"]')" 99 "the 101st pool is refused"
assert_contains "$(json 'j["first_error"]["message"]')" "100" "the message names the limit"
assert_eq "$(json 'j["cluster_put"]["status"], j["cluster_put"]["code"]')" "(400, 'OperationNotAllowed')" "a cluster PUT with 10,000 pools"
assert_contains "$(json 'j["cluster_put"]["message"]')" "would have 10000 node pools" "its message"
run 0 "$A" aks nodepool list -g limitsRG --cluster-name lim --query "length(@)" -o tsv
assert_eq "$OUT" 100 "100 pools"
run 3 "$A" aks show -g limitsRG -n bigcluster
assert_contains "$ERR" "ResourceNotFound" "and no such cluster"
alive "10,000 pools"
stop_daemon
pass
