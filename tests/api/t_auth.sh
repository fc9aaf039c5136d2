#!/usr/bin/env bash
# t_auth.sh - both front doors need a bearer token.
#
# ARM: DATA/token is made on first start (0600, kept across restarts); a request carries the
# token itself or a JWT signed with it (HS256: what the fake ADFS issues for the client
# credentials grant with the token as the secret, and what `aksemu az-env` gives az). A
# missing, wrong, forged (alg none, other key) or expired token gets 401 in ARM's error shape
# with WWW-Authenticate, and nothing is written. /healthz and the cloud metadata stay open.
# The real az works through az-env; a wrong access token in its cache makes it fail with
# ARM's message. Our CLI reads DATA/token (or AKSEMU_TOKEN). Kubernetes: no or another
# cluster's token gets a 401 Status, kubectl with the kubeconfig works, with a wrong token it
# says Unauthorized. `--auth none` opts out for both. A token file that is not a token is
# refused at start.
source "$(dirname "$0")/lib.sh" "$1"
PROVISION_MS=100
start_daemon
A="$AKSEMU"

# req METHOD PATH [curl args...] -> $OUT, $STATUS, $HDRS (response headers)
req() {
  local m="$1" p="$2"; shift 2
  OUT_FILE="$T/out.$CHECKS"; ERR_FILE="$T/err.$CHECKS"; CHECKS=$((CHECKS + 1))
  STATUS="$(curl -sS --noproxy '*' --cacert "$DATA/tls/ca.pem" -o "$OUT_FILE" -D "$T/hdr.$CHECKS" \
    -w '%{http_code}' -X "$m" "$@" "$URL$p" 2>"$ERR_FILE")"
  OUT="$(cat "$OUT_FILE")"; HDRS="$(cat "$T/hdr.$CHECKS")"
}
b64url() { python3 -c 'import base64,sys; print(base64.urlsafe_b64encode(sys.argv[1].encode()).decode().rstrip("="))' "$1"; }
# hs256 KEY PAYLOAD -> a JWT signed with KEY
hs256() {
  python3 - "$1" "$2" <<'EOF'
import base64, hashlib, hmac, sys
e = lambda b: base64.urlsafe_b64encode(b).decode().rstrip("=")
hp = e(b'{"typ":"JWT","alg":"HS256"}') + "." + e(sys.argv[2].encode())
print(hp + "." + e(hmac.new(sys.argv[1].encode(), hp.encode(), hashlib.sha256).digest()))
EOF
}

log "the token file"
[ -f "$DATA/token" ] || fail "no $DATA/token after the first start"
TOKEN="$(cat "$DATA/token")"
assert_eq "$(stat -c %a "$DATA/token")" 600 "mode of DATA/token"
assert_eq "${#TOKEN}" 43 "length of the token (32 random bytes, base64url)"
SUB=/subscriptions/00000000-0000-0000-0000-000000000001
RGP="$SUB/resourcegroups/authRG?api-version=2022-09-01"

log "ARM without a token, with a wrong one, forged ones, an expired one"
req GET "$SUB?api-version=2020-01-01"
assert_eq "$STATUS" 401 "GET subscription without Authorization"
assert_eq "$(json 'j["error"]["code"]')" AuthenticationFailed
assert_contains "$(json 'j["error"]["message"]')" "The 'Authorization' header is missing"
assert_contains "$HDRS" 'WWW-Authenticate: Bearer authorization_uri='
req PUT "$RGP" -H 'Content-Type: application/json' -H 'Authorization: Bearer wrong' --data '{"location":"eastus"}'
assert_eq "$STATUS" 401 "PUT resource group with a wrong token"
assert_eq "$(json 'j["error"]["code"]')" InvalidAuthenticationToken
req PUT "$RGP" -H 'Content-Type: application/json' -H 'Authorization: Basic dXNlcjpwYXNz' --data '{"location":"eastus"}'
assert_eq "$STATUS" 401 "Basic credentials"
assert_eq "$(json 'j["error"]["code"]')" AuthenticationFailed
NOW="$(date +%s)"
NONE="$(b64url '{"typ":"JWT","alg":"none"}').$(b64url "{\"exp\":$((NOW + 3600))}")."
req GET "$SUB?api-version=2020-01-01" -H "Authorization: Bearer $NONE"
assert_eq "$STATUS" 401 "an unsigned JWT (alg none)"
assert_eq "$(json 'j["error"]["code"]')" InvalidAuthenticationToken
OTHER="$(hs256 not-the-daemons-token "{\"exp\":$((NOW + 3600))}")"
req GET "$SUB?api-version=2020-01-01" -H "Authorization: Bearer $OTHER"
assert_eq "$STATUS" 401 "a JWT signed with another key"
EXPIRED="$(hs256 "$TOKEN" "{\"exp\":$((NOW - 60))}")"
req GET "$SUB?api-version=2020-01-01" -H "Authorization: Bearer $EXPIRED"
assert_eq "$STATUS" 401 "an expired JWT"
assert_eq "$(json 'j["error"]["code"]')" ExpiredAuthenticationToken
assert_contains "$(json 'j["error"]["message"]')" "is earlier than current UTC time"
req POST "/aksemu/v1/faults" -H 'Content-Type: application/json' --data '{}'
assert_eq "$STATUS" 401 "the fault API without a token"
req GET "$SUB/resourcegroups/authRG?api-version=2022-09-01" -H "Authorization: Bearer $TOKEN"
assert_eq "$STATUS" 404 "nothing was written by the refused PUTs"

log "what stays open: /healthz, cloud metadata, the ADFS discovery"
req GET /healthz
assert_eq "$STATUS" 200 "/healthz without a token"
req GET "/metadata/endpoints?api-version=2019-05-01"
assert_eq "$STATUS" 200 "cloud metadata without a token"
req GET /adfs/.well-known/openid-configuration
assert_eq "$STATUS" 200 "ADFS discovery without a token"

log "the token itself and signed JWTs are accepted"
req PUT "$RGP" -H 'Content-Type: application/json' -H "Authorization: Bearer $TOKEN" --data '{"location":"eastus"}'
assert_eq "$STATUS" 201 "PUT resource group with DATA/token"
SIGNED="$(hs256 "$TOKEN" "{\"exp\":$((NOW + 3600)),\"appid\":\"test\"}")"
req GET "$RGP" -H "Authorization: Bearer $SIGNED"
assert_eq "$STATUS" 200 "GET with a JWT signed with the token"
assert_eq "$(json 'j["name"]')" authRG

log "the fake ADFS: client credentials with the token as the secret"
TOKURL=/adfs/oauth2/token
req POST $TOKURL --data-urlencode grant_type=client_credentials --data-urlencode client_id=app1 \
  --data-urlencode client_secret=wrong-secret --data-urlencode scope=https://management.core.windows.net//.default
assert_eq "$STATUS" 401 "token request with a wrong secret"
assert_eq "$(json 'j["error"]')" invalid_client
assert_contains "$(json 'j["error_description"]')" AADSTS7000215
req POST $TOKURL --data-urlencode grant_type=client_credentials --data-urlencode client_id=app1 \
  --data-urlencode "client_secret=$SIGNED"
assert_eq "$STATUS" 401 "a JWT is not a client secret"
req POST $TOKURL --data-urlencode grant_type=password --data-urlencode client_id=app1 \
  --data-urlencode "client_secret=$TOKEN"
assert_eq "$STATUS" 400 "an unsupported grant"
assert_eq "$(json 'j["error"]')" unsupported_grant_type
req POST $TOKURL --data-urlencode grant_type=client_credentials --data-urlencode client_id=app1 \
  --data-urlencode "client_secret=$TOKEN" --data-urlencode scope=https://management.core.windows.net//.default
assert_eq "$STATUS" 200 "token request with the right secret"
assert_eq "$(json 'j["token_type"]')" Bearer
ISSUED="$(json 'j["access_token"]')"
assert_eq "$(python3 -c 'import base64,json,sys; p=sys.argv[1].split(".")[1]; print(json.loads(base64.urlsafe_b64decode(p+"=="))["appid"])' "$ISSUED")" app1 "appid claim of the issued token"
req GET "$RGP" -H "Authorization: Bearer $ISSUED"
assert_eq "$STATUS" 200 "GET with the token the ADFS issued"

log "the real az through az-env"
setup_az
run 0 az group list --query "[].name" -o tsv
assert_eq "$OUT" authRG "az group list"
run 0 az aks create -g authRG -n authAKS -c 1 --generate-ssh-keys -o none --only-show-errors
assert_no_outbound
# a wrong access token in az's cache: az reports ARM's 401
cp -r "$AZURE_CONFIG_DIR" "$T/az-wrong"
python3 - "$T/az-wrong/msal_token_cache.json" <<'EOF'
import json, sys
p = sys.argv[1]; c = json.load(open(p))
for v in c["AccessToken"].values():
    v["secret"] = "forged." + v["secret"].split(".", 1)[1]
json.dump(c, open(p, "w"))
EOF
run 1 env AZURE_CONFIG_DIR="$T/az-wrong" az group list -o none
assert_contains "$ERR" "InvalidAuthenticationToken" "az's message for a wrong token"

log "our CLI: DATA/token, or AKSEMU_TOKEN"
run 0 "$A" aks nodepool list -g authRG --cluster-name authAKS --query "[].name" -o tsv
assert_eq "$OUT" nodepool1
run 1 env AKSEMU_TOKEN=wrong "$A" aks nodepool list -g authRG --cluster-name authAKS
assert_contains "$ERR" "InvalidAuthenticationToken" "aksemu with a wrong AKSEMU_TOKEN"

log "Kubernetes API: the cluster's token"
setup_kubectl authRG authAKS
run 0 kubectl get nodes -o name
assert_contains "$OUT" "node/aks-nodepool1-"
KS="$(grep -m1 'server:' "$KUBECONFIG" | awk '{print $2}')"
KPATH="${KS#"$URL"}"
req GET "$KPATH/api/v1/nodes"
assert_eq "$STATUS" 401 "Kubernetes API without a token"
assert_eq "$(json 'j["kind"]')" Status
assert_eq "$(json 'j["reason"]')" Unauthorized
req GET "$KPATH/api/v1/nodes" -H "Authorization: Bearer $TOKEN"
assert_eq "$STATUS" 401 "the ARM token is not a cluster token"
sed 's/^\( *token: \).*/\1not-the-token/' "$KUBECONFIG" >"$T/kubeconfig-wrong"
run 1 kubectl --kubeconfig "$T/kubeconfig-wrong" get nodes
assert_contains "$ERR" "Unauthorized" "kubectl with a wrong token"

log "restart: the same token, az still works"
stop_daemon
start_daemon
assert_eq "$(cat "$DATA/token")" "$TOKEN" "token after a restart"
run 0 az group show -n authRG --query name -o tsv
assert_eq "$OUT" authRG
stop_daemon

log "a token file that is not a token is refused at start"
printf 'short\n' >"$DATA/token"
run 1 "$A" serve --listen 127.0.0.1:0 --data "$DATA"
assert_contains "$ERR" "is not a usable token" "start with a bad token file"
printf '%s\n' "$TOKEN" >"$DATA/token"

log "--auth none: both APIs open"
start_daemon --auth none
req GET "$RGP"
assert_eq "$STATUS" 200 "ARM without a token under --auth none"
req GET "$KPATH/api/v1/nodes"
assert_eq "$STATUS" 200 "Kubernetes API without a token under --auth none"
assert_contains "$(json '[n["metadata"]["name"] for n in j["items"]]')" "aks-nodepool1-"
stop_daemon
run 2 "$A" serve --auth maybe --data "$DATA"
assert_contains "$ERR" "--auth must be token or none"
pass
