#!/usr/bin/env bash
# Finished long-running operations are not kept for ever: a daemon with
# --max-finished-operations 20 keeps the 20 that ended last (oldest dropped first, also across
# a kill -9), one with --operation-retention-s drops them that long after they ended; polling a
# dropped one (its operations or operationresults URL) answers ARM's 404 NotFound error, polling a
# recent one works as before, and a client waiting on its operation (aksemu's CLI) is not
# disturbed by the cap.
source "$(dirname "$0")/lib.sh" "$1"
PROVISION_MS=50
A="$AKSEMU"
SUB=00000000-0000-0000-0000-000000000001
RG=opsRG CL=opsAKS
CLU="/subscriptions/$SUB/resourceGroups/$RG/providers/Microsoft.ContainerService/managedClusters/$CL"
V="api-version=2022-11-01"

log "bad values are refused"
for bad in "--max-finished-operations 0" "--max-finished-operations x" "--operation-retention-s 0" \
           "--operation-retention-s 2592001"; do
  # shellcheck disable=SC2086
  run 2 "$A" serve --listen 127.0.0.1:0 --data "$T/bad" $bad
  assert_contains "$ERR" "aksemu serve: ${bad%% *} must be" "error for $bad"
done

start_daemon --max-finished-operations 20 --operation-retention-s 3600

# curl with the response headers: req METHOD URL [BODY] -> $STATUS, $OUT (body), $HDRS
req() {
  local m="$1" u="$2" b="${3:-}"
  OUT_FILE="$T/out.$CHECKS"; ERR_FILE="$T/err.$CHECKS"; CHECKS=$((CHECKS + 1))
  local args=(-sS --noproxy '*' --cacert "$DATA/tls/ca.pem" -o "$OUT_FILE" -D "$T/hdrs"
    -w '%{http_code}' -X "$m" -H "Authorization: Bearer $(cat "$DATA/token")")
  [ -n "$b" ] && args+=(-H 'Content-Type: application/json' --data "$b")
  STATUS="$(curl "${args[@]}" "$u" 2>"$ERR_FILE")" || fail "curl $m $u failed: $(cat "$ERR_FILE")"
  OUT="$(cat "$OUT_FILE")"
  HDRS="$(tr -d '\r' <"$T/hdrs")"
}
header() { sed -n "s/^$1: //Ip" <<<"$HDRS" | head -n1; }
# waits until the operation at $1 is terminal; prints its status
wait_op() {
  local st=""
  for _ in $(seq 1 200); do
    req GET "$1"
    [ "$STATUS" = 200 ] || fail "polling $1 answered $STATUS: $OUT"
    st="$(json 'j["status"]')"
    [ "$st" != InProgress ] && { echo "$st"; return 0; }
    sleep 0.05
  done
  fail "operation $1 still $st after 10 s"
}

run 0 "$A" group create -n $RG -l eastus -o none
run 0 "$A" aks create -g $RG -n $CL -c 1 --generate-ssh-keys -o none

log "40 pool updates, one after the other, each with its operation"
OPS=() LOCS=()
for i in $(seq 1 40); do
  req PUT "$URL$CLU/agentPools/nodepool1?$V" \
    "{\"properties\":{\"count\":1,\"vmSize\":\"Standard_DS2_v2\",\"mode\":\"System\",\"tags\":{\"round\":\"$i\"}}}"
  [ "$STATUS" = 200 ] || fail "update $i answered $STATUS: $OUT"
  op="$(header Azure-AsyncOperation)"
  [ -n "$op" ] || fail "update $i: no Azure-AsyncOperation header"
  # a PUT answers no Location; a DELETE's would be the operation's operationresults URL
  OPS+=("$op") LOCS+=("${op/\/operations\//\/operationresults\/}")
  assert_eq "$(wait_op "$op")" Succeeded "operation of update $i"
done

check_kept() { # first index (0-based) of the OPS still kept; what
  local first="$1" what="$2"
  for i in "${!OPS[@]}"; do
    req GET "${OPS[$i]}"
    if [ "$i" -ge "$first" ]; then
      assert_eq "$STATUS" 200 "$what: a recent operation (update $((i + 1))) answers"
      assert_eq "$(json 'j["status"]')" Succeeded "$what: status of update $((i + 1))"
      req GET "${LOCS[$i]}"
      assert_eq "$STATUS" 204 "$what: Location of update $((i + 1))"
    else
      assert_eq "$STATUS" 404 "$what: a dropped operation (update $((i + 1))) answers"
      assert_eq "$(json 'j["error"]["code"]')" NotFound "$what: error code for update $((i + 1))"
      assert_contains "$(json 'j["error"]["message"]')" "was not found" "$what: message"
      req GET "${LOCS[$i]}"
      assert_eq "$STATUS" 404 "$what: Location of a dropped operation (update $((i + 1)))"
      assert_eq "$(json 'j["error"]["code"]')" NotFound "$what: Location error code"
    fi
  done
}
log "the 20 that ended last are kept, the 20 before them (and the cluster's create) dropped"
check_kept 20 "cap of 20"

log "the same after kill -9 and a restart"
kill9_daemon
start_daemon --max-finished-operations 20 --operation-retention-s 3600
check_kept 20 "after a restart"

log "a client that waits on its operation still works: aksemu aks nodepool scale"
run 0 "$A" aks nodepool scale -g $RG --cluster-name $CL -n nodepool1 -c 2 --query "[provisioningState,count]" -o tsv
assert_eq "$(tr -s '\t\n' '  ' <<<"$OUT" | sed 's/ $//')" "Succeeded 2" "scaled and waited for"
# that operation is the newest: the oldest kept one went
check_kept 21 "after one more operation"
stop_daemon

log "--operation-retention-s 2: operations go 2 s after they ended"
start_daemon --operation-retention-s 2
# the 21 kept ended more than 2 s ago by now; collection runs when operations complete
req PUT "$URL$CLU/agentPools/nodepool1?$V" \
  '{"properties":{"count":2,"vmSize":"Standard_DS2_v2","mode":"System","tags":{"round":"last"}}}'
[ "$STATUS" = 200 ] || fail "last update answered $STATUS: $OUT"
last="$(header Azure-AsyncOperation)"
assert_eq "$(wait_op "$last")" Succeeded "the last operation"
req GET "${OPS[39]}"
assert_eq "$STATUS" 404 "an operation that ended more than 2 s ago"
assert_eq "$(json 'j["error"]["code"]')" NotFound "its error code"
req GET "$last"
assert_eq "$STATUS" 200 "the one that just ended"
stop_daemon
pass
