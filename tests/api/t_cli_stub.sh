#!/usr/bin/env bash
# The aksemu CLI against a scripted ARM stub, for what the daemon never answers but real ARM
# (and reference/az-requests.md) does: request bodies compared byte for byte with az's
# (nodepool add 03, aks create 02), failed/canceled operations, no Retry-After (1 s, not az's
# 30 s), a relative Azure-AsyncOperation with a lower-case status, 5xx retries, error details,
# non-JSON errors, a 202 answer to a PUT, provisioningState polling and Location polling.
source "$(dirname "$0")/lib.sh" "$1"
A="$AKSEMU"
SUB=00000000-0000-0000-0000-000000000001
RGP="/subscriptions/$SUB/resourceGroups/myResourceGroup"
CLP="$RGP/providers/Microsoft.ContainerService/managedClusters/myAKSCluster"

# the daemon makes the TLS material the stub serves with (and the CLI trusts)
start_daemon
stop_daemon
unset AKSEMU_URL

cat >"$T/stub.py" <<'PY'
import json, ssl, sys, threading, time
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
cert, key, portfile, scriptfile, logfile = sys.argv[1:6]
lock = threading.Lock()
state = {}
seen = {"text": None}
def script():
    with open(scriptfile) as f:
        text = f.read()
    if text != seen["text"]:  # a new scenario: every rule starts at its first response
        seen["text"] = text
        state.clear()
    return json.loads(text)
class H(BaseHTTPRequestHandler):
    protocol_version = "HTTP/1.1"
    def log_message(self, *a): pass
    def handle_one(self):
        n = int(self.headers.get("Content-Length") or 0)
        body = self.rfile.read(n).decode() if n else ""
        path, _, query = self.path.partition("?")
        with lock:
            with open(logfile, "a") as f:
                f.write(json.dumps({"t": time.time(), "method": self.command, "path": path,
                                    "query": query, "body": body,
                                    "headers": {k: v for k, v in self.headers.items()}}) + "\n")
            resp = {"status": 404, "body": {"error": {"code": "NoRule", "message": self.command + " " + path}}}
            if self.command == "GET" and path == "/subscriptions":
                resp = {"status": 200, "body": {"value": [{"id": "/subscriptions/00000000-0000-0000-0000-000000000001",
                        "subscriptionId": "00000000-0000-0000-0000-000000000001", "tenantId": "t", "displayName": "stub"}]}}
            for i, rule in enumerate(script()):
                if rule["method"] == self.command and rule["path"].lower() == path.lower():
                    k = state.get(i, 0)
                    rs = rule["responses"]
                    resp = rs[min(k, len(rs) - 1)]
                    state[i] = k + 1
                    break
        base = "https://127.0.0.1:%d" % self.server.server_port
        out = resp.get("raw")
        if out is None:
            out = json.dumps(resp["body"]) if "body" in resp else ""
        out = out.encode()
        self.send_response(resp["status"])
        for k, v in resp.get("headers", {}).items():
            self.send_header(k, v.replace("{base}", base))
        self.send_header("Content-Type", "application/json")
        self.send_header("Content-Length", str(len(out)))
        self.end_headers()
        self.wfile.write(out)
    do_GET = do_PUT = do_POST = do_DELETE = do_HEAD = do_PATCH = handle_one
srv = ThreadingHTTPServer(("127.0.0.1", 0), H)
ctx = ssl.SSLContext(ssl.PROTOCOL_TLS_SERVER)
ctx.load_cert_chain(cert, key)
srv.socket = ctx.wrap_socket(srv.socket, server_side=True)
open(portfile + ".tmp", "w").write(str(srv.server_port))
import os; os.rename(portfile + ".tmp", portfile)
srv.serve_forever()
PY
echo '[]' >"$T/script.json"
python3 "$T/stub.py" "$DATA/tls/server.pem" "$DATA/tls/server-key.pem" "$T/stub.port" "$T/script.json" "$T/stub.log" &
SINK_PID=$!   # lib.sh's cleanup kills it
for _ in $(seq 1 50); do [ -s "$T/stub.port" ] && break; sleep 0.1; done
[ -s "$T/stub.port" ] || fail "the stub did not start"
STUB="https://127.0.0.1:$(cat "$T/stub.port")"
S=(--url "$STUB" --data "$DATA")

# scenario FILE: the rules the stub answers with; the log starts empty
scenario() { cat >"$T/script.json"; : >"$T/stub.log"; }
# reqs: "METHOD path" of every logged request but the subscription lookup
reqs() { python3 -c 'import json,sys
for l in open(sys.argv[1]):
    r=json.loads(l)
    if r["path"]!="/subscriptions": print(r["method"], r["path"])' "$T/stub.log"; }
# body N: the body of the Nth logged non-subscription request, as sent
body() { python3 -c 'import json,sys
rs=[json.loads(l) for l in open(sys.argv[1])]
rs=[r for r in rs if r["path"]!="/subscriptions"]
print(rs[int(sys.argv[2])]["body"])' "$T/stub.log" "$1"; }
# canon JSON: re-indent a JSON text keeping key order (as az-requests.md shows bodies)
canon() { python3 -c 'import json,sys; print(json.dumps(json.loads(sys.stdin.read()), indent=1))'; }

OP="/subscriptions/$SUB/providers/Microsoft.ContainerService/locations/eastus/operations/op1"
POOL_JSON='{"id": "'$CLP'/agentPools/systempool", "name": "systempool", "type": "Microsoft.ContainerService/managedClusters/agentPools", "properties": {"count": 2, "vmSize": "Standard_B2s", "mode": "System", "provisioningState": "Succeeded"}}'

log "nodepool add: az's requests and body (az-requests.md 03)"
scenario <<EOF
[{"method": "GET", "path": "$CLP/agentPools", "responses": [{"status": 200, "body": {"value": []}}]},
 {"method": "PUT", "path": "$CLP/agentPools/systempool", "responses": [{"status": 201, "body": {},
   "headers": {"Azure-AsyncOperation": "{base}$OP?api-version=2016-03-30", "Retry-After": "1"}}]},
 {"method": "GET", "path": "$OP", "responses": [{"status": 200, "body": {"status": "InProgress"}, "headers": {"Retry-After": "1"}},
                                              {"status": 200, "body": {"status": "Succeeded"}}]},
 {"method": "GET", "path": "$CLP/agentPools/systempool", "responses": [{"status": 200, "body": $POOL_JSON}]}]
EOF
run 0 "$A" aks nodepool add --resource-group myResourceGroup --cluster-name myAKSCluster --name systempool \
  --node-count 2 --node-vm-size Standard_B2s --labels critical-addons=true \
  --taints CriticalAddonsOnly=true:NoSchedule --mode system "${S[@]}"
assert_eq "$(json 'j["name"], j["count"], j["typePropertiesType"]')" "('systempool', 2, None)" "the final GET is printed"
assert_eq "$(reqs)" "GET $CLP/agentPools
PUT $CLP/agentPools/systempool
GET $OP
GET $OP
GET $CLP/agentPools/systempool" "list, PUT, two polls, final GET"
assert_eq "$(body 1 | canon)" '{
 "properties": {
  "count": 2,
  "vmSize": "Standard_B2s",
  "osDiskSizeGB": 0,
  "osType": "Linux",
  "enableAutoScaling": false,
  "scaleDownMode": "Delete",
  "type": "VirtualMachineScaleSets",
  "mode": "System",
  "upgradeSettings": {},
  "enableNodePublicIP": false,
  "scaleSetPriority": "Regular",
  "scaleSetEvictionPolicy": "Delete",
  "spotMaxPrice": -1.0,
  "nodeLabels": {
   "critical-addons": "true"
  },
  "nodeTaints": [
   "CriticalAddonsOnly=true:NoSchedule"
  ],
  "enableEncryptionAtHost": false,
  "enableUltraSSD": false,
  "enableFIPS": false
 }
}' "PUT body exactly as az 2.45 sends it"
python3 - "$T/stub.log" <<'PY' || fail "polls must follow Retry-After: 1 s"
import json, sys
rs = [json.loads(l) for l in open(sys.argv[1])]
t = [r["t"] for r in rs if "operations/op1" in r["path"]]
put = [r["t"] for r in rs if r["method"] == "PUT"][0]
gaps = [t[0] - put, t[1] - t[0]]
sys.exit(0 if all(0.8 < g < 1.8 for g in gaps) else 1)
PY
python3 - "$T/stub.log" <<'PY' || fail "az's headers: one x-ms-client-request-id per invocation, CommandName, ParameterSetName"
import json, sys
rs = [json.loads(l) for l in open(sys.argv[1])]
ids = {r["headers"].get("x-ms-client-request-id") for r in rs}
ok = len(ids) == 1 and None not in ids
ok &= all(r["headers"].get("CommandName") == "aks nodepool add" for r in rs)
ps = rs[-1]["headers"].get("ParameterSetName", "")
ok &= "--taints" in ps and "--mode" in ps and "--resource-group" in ps and "CriticalAddons" not in ps
sys.exit(0 if ok else 1)
PY

log "aks create: GET the group for its location, then az's body (az-requests.md 02)"
KEY="ssh-rsa AAAAB3NzaC1yc2EAAAADAQABAAABAQC1u2Fz+7aksemutestkeyAAAAB3NzaC1yc2EAAAADAQABAAABAQC test@aksemu"
printf '%s\n' "$KEY" >"$T/id_rsa.pub"
MCOP="/subscriptions/$SUB/providers/Microsoft.ContainerService/locations/eastus/operations/op2"
scenario <<EOF
[{"method": "GET", "path": "/subscriptions/$SUB/resourcegroups/myResourceGroup", "responses": [{"status": 200,
   "body": {"id": "$RGP", "name": "myResourceGroup", "location": "eastus", "properties": {"provisioningState": "Succeeded"}}}]},
 {"method": "PUT", "path": "$CLP", "responses": [{"status": 201, "body": {},
   "headers": {"Azure-AsyncOperation": "{base}$MCOP?api-version=2016-03-30", "Retry-After": "1"}}]},
 {"method": "GET", "path": "$MCOP", "responses": [{"status": 200, "body": {"status": "Succeeded"}}]},
 {"method": "GET", "path": "$CLP", "responses": [{"status": 200, "body": {"id": "$CLP", "name": "myAKSCluster",
   "location": "eastus", "properties": {"provisioningState": "Succeeded", "servicePrincipalProfile": {"clientId": "msi"}}}}]}]
EOF
run 1 "$A" aks create -g myResourceGroup -n myAKSCluster --node-count 3 --ssh-key-value "$T/nokey.pub" "${S[@]}"
assert_contains "$ERR" "An RSA key file or key value must be supplied" "a missing key file is refused"
run 0 "$A" aks create -g myResourceGroup -n myAKSCluster --node-count 3 --ssh-key-value "$T/id_rsa.pub" "${S[@]}"
assert_eq "$(json 'j["provisioningState"], j["name"]')" "('Succeeded', 'myAKSCluster')" "final GET printed"
assert_eq "$(reqs | head -2)" "GET /subscriptions/$SUB/resourcegroups/myResourceGroup
PUT $CLP" "the group's location first, then the PUT (no existence check)"
assert_eq "$(body 1 | canon)" '{
 "location": "eastus",
 "identity": {
  "type": "SystemAssigned"
 },
 "properties": {
  "kubernetesVersion": "",
  "dnsPrefix": "myAKSClust-myResourceGroup-000000",
  "agentPoolProfiles": [
   {
    "count": 3,
    "vmSize": "Standard_DS2_v2",
    "osDiskSizeGB": 0,
    "osType": "Linux",
    "enableAutoScaling": false,
    "type": "VirtualMachineScaleSets",
    "mode": "System",
    "orchestratorVersion": "",
    "upgradeSettings": {},
    "enableNodePublicIP": false,
    "scaleSetPriority": "Regular",
    "scaleSetEvictionPolicy": "Delete",
    "spotMaxPrice": -1.0,
    "nodeTaints": [],
    "enableEncryptionAtHost": false,
    "enableUltraSSD": false,
    "enableFIPS": false,
    "name": "nodepool1"
   }
  ],
  "linuxProfile": {
   "adminUsername": "azureuser",
   "ssh": {
    "publicKeys": [
     {
      "keyData": "'"$KEY"'"
     }
    ]
   }
  },
  "addonProfiles": {},
  "enableRBAC": true,
  "networkProfile": {
   "networkPlugin": "kubenet",
   "podCidr": "10.244.0.0/16",
   "serviceCidr": "10.0.0.0/16",
   "dnsServiceIP": "10.0.0.10",
   "dockerBridgeCidr": "172.17.0.1/16",
   "outboundType": "loadBalancer",
   "loadBalancerSku": "standard"
  },
  "disableLocalAccounts": false,
  "storageProfile": {}
 }
}' "aks create body exactly as az 2.45 sends it"

log "a failed operation (az-requests.md L7)"
scenario <<EOF
[{"method": "GET", "path": "$CLP/agentPools", "responses": [{"status": 200, "body": {"value": []}}]},
 {"method": "PUT", "path": "$CLP/agentPools/l7", "responses": [{"status": 201, "body": {},
   "headers": {"Azure-AsyncOperation": "{base}$OP?api-version=2016-03-30", "Retry-After": "1"}}]},
 {"method": "GET", "path": "$OP", "responses": [{"status": 200, "body": {"status": "Failed", "error": {"code": "ReconcileVMSSAgentPoolFailed",
   "message": "Code=\"OperationNotAllowed\" Message=\"Operation could not be completed as it results in exceeding approved standardDSv2Family Cores quota.\""}}}]}]
EOF
run 1 "$A" aks nodepool add -g myResourceGroup --cluster-name myAKSCluster -n l7 -c 1 "${S[@]}"
assert_eq "$ERR" 'ERROR: (ReconcileVMSSAgentPoolFailed) Code="OperationNotAllowed" Message="Operation could not be completed as it results in exceeding approved standardDSv2Family Cores quota."
Code: ReconcileVMSSAgentPoolFailed
Message: Code="OperationNotAllowed" Message="Operation could not be completed as it results in exceeding approved standardDSv2Family Cores quota."' "failed operation printed as az prints it"
assert_eq "$OUT" "" "nothing printed on stdout"
assert_eq "$(reqs | tail -1)" "GET $OP" "no final GET after a failure"

log "a canceled operation without an error object"
scenario <<EOF
[{"method": "GET", "path": "$CLP/agentPools", "responses": [{"status": 200, "body": {"value": []}}]},
 {"method": "PUT", "path": "$CLP/agentPools/l8", "responses": [{"status": 201, "body": {},
   "headers": {"Azure-AsyncOperation": "{base}$OP", "Retry-After": "1"}}]},
 {"method": "GET", "path": "$OP", "responses": [{"status": 200, "body": {"status": "canceled"}}]}]
EOF
run 1 "$A" aks nodepool add -g myResourceGroup --cluster-name myAKSCluster -n l8 -c 1 "${S[@]}"
assert_eq "$ERR" "ERROR: Operation returned an invalid status 'OK'" "what azure-core says for a terminal op without error"

log "an operation status without a status, and a 500 on a POST (not retried, as azure-core)"
scenario <<EOF
[{"method": "GET", "path": "$CLP/agentPools", "responses": [{"status": 200, "body": {"value": []}}]},
 {"method": "PUT", "path": "$CLP/agentPools/l9", "responses": [{"status": 201, "body": {},
   "headers": {"Azure-AsyncOperation": "{base}$OP", "Retry-After": "1"}}]},
 {"method": "GET", "path": "$OP", "responses": [{"status": 200, "body": {"percentComplete": 50}}]},
 {"method": "POST", "path": "$CLP/listClusterUserCredential", "responses": [{"status": 500, "body": {"error": {"code": "InternalError", "message": "boom"}}}]}]
EOF
run 1 "$A" aks nodepool add -g myResourceGroup --cluster-name myAKSCluster -n l9 -c 1 "${S[@]}"
assert_eq "$ERR" "ERROR: No status found in body" "a status body without status ends the wait"
run 1 "$A" aks get-credentials -g myResourceGroup -n myAKSCluster --file - "${S[@]}"
assert_contains "$ERR" "ERROR: (InternalError) boom" "the POST's 500 is shown"
assert_eq "$(reqs | grep -c listClusterUserCredential)" 1 "the POST was sent once"

log "no Retry-After: poll after 1 s, not az's 30 s; relative URL; lower-case status (M10)"
scenario <<EOF
[{"method": "GET", "path": "$CLP/agentPools", "responses": [{"status": 200, "body": {"value": []}}]},
 {"method": "PUT", "path": "$CLP/agentPools/relpool", "responses": [{"status": 201, "body": {},
   "headers": {"Azure-AsyncOperation": "/min/op3?api-version=2016-03-30"}}]},
 {"method": "GET", "path": "/min/op3", "responses": [{"status": 200, "body": {"status": "inprogress"}}, {"status": 200, "body": {"status": "succeeded"}}]},
 {"method": "GET", "path": "$CLP/agentPools/relpool", "responses": [{"status": 200, "body": {"name": "relpool", "properties": {"provisioningState": "Succeeded", "count": 1}}}]}]
EOF
t0=$(date +%s%3N)
run 0 "$A" aks nodepool add -g myResourceGroup --cluster-name myAKSCluster -n relpool -c 1 --query name -o tsv "${S[@]}"
t1=$(date +%s%3N)
assert_eq "$OUT" relpool "final GET"
[ $((t1 - t0)) -lt 5000 ] || fail "two polls without Retry-After took $((t1 - t0)) ms"
[ $((t1 - t0)) -ge 1800 ] || fail "polls without Retry-After must wait about 1 s each ($((t1 - t0)) ms)"
assert_eq "$(reqs | grep -c '^GET /min/op3$')" 2 "the relative operation URL was polled"

log "PUT answered 202 (az-requests.md L6) and provisioningState polling (L4)"
scenario <<EOF
[{"method": "GET", "path": "$CLP/agentPools", "responses": [{"status": 200, "body": {"value": []}}]},
 {"method": "PUT", "path": "$CLP/agentPools/l6", "responses": [{"status": 202, "body": {},
   "headers": {"Location": "{base}/loc", "Retry-After": "1"}}]},
 {"method": "PUT", "path": "$CLP/agentPools/l4", "responses": [{"status": 201,
   "body": {"name": "l4", "properties": {"provisioningState": "Creating"}}, "headers": {"Retry-After": "1"}}]},
 {"method": "GET", "path": "$CLP/agentPools/l4", "responses": [{"status": 200, "body": {"name": "l4", "properties": {"provisioningState": "Creating"}}},
   {"status": 200, "body": {"name": "l4", "properties": {"provisioningState": "Succeeded"}}}]}]
EOF
run 1 "$A" aks nodepool add -g myResourceGroup --cluster-name myAKSCluster -n l6 -c 1 "${S[@]}"
assert_eq "$ERR" "ERROR: Operation returned an invalid status 'Accepted'" "202 to a PUT"
run 0 "$A" aks nodepool add -g myResourceGroup --cluster-name myAKSCluster -n l4 -c 1 --query provisioningState -o tsv "${S[@]}"
assert_eq "$OUT" Succeeded "polled the resource until its provisioningState was terminal"

log "5xx is retried (az-requests.md 18d); details and targets printed (18c); non-JSON errors"
scenario <<EOF
[{"method": "GET", "path": "$CLP/agentPools", "responses": [{"status": 500, "raw": "oops"}, {"status": 200, "body": {"value": [{"name": "p1", "properties": {"count": 1}}]}},
   {"status": 409, "body": {"error": {"code": "OperationNotAllowed", "message": "Operation is not allowed because there's an in progress update operation",
     "details": [{"code": "Inner", "message": "inner detail"}]}}},
   {"status": 400, "raw": "<html>bad</html>"}]}]
EOF
run 0 "$A" aks nodepool list -g myResourceGroup --cluster-name myAKSCluster --query "[].name" -o tsv "${S[@]}"
assert_eq "$OUT" p1 "the 500 was retried"
run 1 "$A" aks nodepool list -g myResourceGroup --cluster-name myAKSCluster "${S[@]}"
assert_eq "$ERR" "$(printf "ERROR: (OperationNotAllowed) Operation is not allowed because there's an in progress update operation\nCode: OperationNotAllowed\nMessage: Operation is not allowed because there's an in progress update operation\nException Details:\t(Inner) inner detail\n\tCode: Inner\n\tMessage: inner detail")" "error details as azure-core prints them"
run 1 "$A" aks nodepool list -g myResourceGroup --cluster-name myAKSCluster "${S[@]}"
assert_eq "$ERR" "ERROR: Operation returned an invalid status 'Bad Request'" "a body that is not an ARM error"

log "group delete: 202 + Location, polled until it is no longer 202 (az-requests.md L8)"
scenario <<EOF
[{"method": "DELETE", "path": "/subscriptions/$SUB/resourcegroups/lroRG", "responses": [{"status": 202,
   "headers": {"Location": "{base}/subscriptions/$SUB/operationresults/g1?api-version=2021-04-01", "Retry-After": "1"}}]},
 {"method": "GET", "path": "/subscriptions/$SUB/operationresults/g1", "responses": [{"status": 202, "headers": {"Retry-After": "1"}}, {"status": 200}]}]
EOF
run 0 "$A" group delete -n lroRG --yes "${S[@]}"
assert_eq "$(reqs)" "DELETE /subscriptions/$SUB/resourcegroups/lroRG
GET /subscriptions/$SUB/operationresults/g1
GET /subscriptions/$SUB/operationresults/g1" "DELETE, then Location polls until 200"

pass
