#!/usr/bin/env bash
# The web view (/ui/): served from the binary with a strict CSP and ETags, `aksemu ui`, the Cost
# Management query API it charts, and the page itself in headless Chromium driven by Playwright
# (tests/ui/e2e.cjs): the guide's three pools, their nodes, a spot eviction from the UI.
source "$(dirname "$0")/lib.sh" "$1"
PROVISION_MS=100
start_daemon --speed 10 --node-ready-ms 300 --pod-start-ms 300
A="$AKSEMU" SUB=00000000-0000-0000-0000-000000000001
SRC="${AKSEMU_SRC:-$TESTS_DIR/..}"
command -v node >/dev/null || fail "node is not installed (scripts/install-deps.sh test)"
command -v npm >/dev/null || fail "npm is not installed (scripts/install-deps.sh test)"
CHROME="$(command -v chromium || true)"
[ -n "$CHROME" ] || fail "chromium is not installed (scripts/install-deps.sh test)"

log "static files"
c() { curl -sS --noproxy '*' --cacert "$DATA/tls/ca.pem" "$@"; }
H="$(c -D- -o /dev/null "$URL/ui")"
assert_contains "$H" "301" "/ui redirects"; assert_contains "$H" "Location: /ui/" "to /ui/"
H="$(c -D- -o "$T/index.html" "$URL/ui/")"
assert_contains "$H" "Content-Type: text/html; charset=utf-8" "index content type"
assert_contains "$H" "Content-Security-Policy: default-src 'none'; script-src 'self'" "strict CSP"
grep -q '<script type="module" src="/ui/app.js">' "$T/index.html" || fail "index.html loads app.js"
grep -qi '<script>' "$T/index.html" && fail "inline script in index.html"
ET="$(sed -n 's/^ETag: \(.*\)\r$/\1/p' <<<"$H")"
[ -n "$ET" ] || fail "no ETag"
assert_eq "$(c -o /dev/null -w '%{http_code}' -H "If-None-Match: $ET" "$URL/ui/")" 304 "If-None-Match"
assert_contains "$(c -D- -o /dev/null "$URL/ui/app.js")" "Content-Type: text/javascript" "app.js type"
assert_eq "$(c -o /dev/null -w '%{http_code}' "$URL/ui/nope.js")" 404 "unknown file"
WANT="$(tr -d '\n' <"$DATA/token")"
[ -n "$WANT" ] || fail "the daemon wrote no DATA/token"
run 0 env -u AKSEMU_TOKEN "$A" ui --data "$DATA"
assert_eq "$OUT" "$URL/ui/#token=$WANT" "aksemu ui: the daemon's token"
run 0 env AKSEMU_TOKEN='abc+/=' "$A" ui --data "$DATA"
assert_eq "$OUT" "$URL/ui/#token=abc%2B%2F%3D" "AKSEMU_TOKEN, percent-encoded"

log "the guide's three pools"
run 0 "$A" group create -n myResourceGroup -l eastus
run 0 "$A" aks create -g myResourceGroup -n myAKSCluster --node-count 1 --generate-ssh-keys
run 0 "$A" aks nodepool add -g myResourceGroup --cluster-name myAKSCluster -n systempool --node-count 2 \
  --node-vm-size Standard_B2s --labels critical-addons=true --taints CriticalAddonsOnly=true:NoSchedule --mode system
run 0 "$A" aks nodepool add -g myResourceGroup --cluster-name myAKSCluster -n mempool --node-count 3 \
  --node-vm-size Standard_E4s_v3 --labels workload=memory-intensive --tags Environment=Production
run 0 "$A" aks nodepool add -g myResourceGroup --cluster-name myAKSCluster -n spotpool --priority Spot \
  --eviction-policy Delete --spot-max-price -1 --node-vm-size Standard_DS2_v2 --labels workload=interruptible

log "Cost Management query"
Q="/subscriptions/$SUB/providers/Microsoft.CostManagement/query?api-version=2023-03-01"
sleep 2
api POST "$Q" '{"type":"ActualCost","timeframe":"MonthToDate","dataset":{"granularity":"None","aggregation":{"totalCost":{"name":"PreTaxCost","function":"Sum"}},"grouping":[{"type":"TagKey","name":"Environment"}]}}'
assert_eq "$STATUS" 200 "cost query"
assert_eq "$(json '[c["name"] for c in j["properties"]["columns"]]')" '["PreTaxCost", "TagKey", "TagValue", "Currency"]' "columns"
assert_eq "$(json '[r[1:] for r in j["properties"]["rows"] if r[1]]')" '[["Environment", "Production", "USD"]]' "the tagged pool's row"
assert_eq "$(json 'all(r[0] > 0 for r in j["properties"]["rows"])')" True "running VMs cost something"
api POST "$Q" '{"type":"ActualCost","timeframe":"MonthToDate","dataset":{"granularity":"Daily","aggregation":{"c":{"name":"Cost","function":"Sum"}},"grouping":[{"type":"Dimension","name":"ResourceId"}]}}'
assert_eq "$(json 'len(j["properties"]["rows"])')" 4 "a row per scale set (one day)"
assert_eq "$(json 'sorted(r[2].split("/")[-1].split("-")[1] for r in j["properties"]["rows"])')" '["mempool", "nodepool1", "spotpool", "systempool"]' "ResourceId of the scale sets"
assert_eq "$(json 'j["properties"]["columns"][1]["name"]')" UsageDate "Daily: UsageDate"
api POST "$Q" '{"type":"ActualCost","timeframe":"MonthToDate","dataset":{"granularity":"None","grouping":[{"type":"Dimension","name":"Nope"}]}}'
assert_eq "$STATUS" 400 "bad grouping"; assert_contains "$OUT" "Invalid dataset grouping: 'Nope'" "names it"

log "the page in headless Chromium"
DEPS="${AKSEMU_UI_DEPS:-$PWD/ui-deps}"
mkdir -p "$DEPS"
if ! cmp -s "$SRC/tests/ui/package-lock.json" "$DEPS/package-lock.json" || [ ! -d "$DEPS/node_modules/playwright-core" ]; then
  cp "$SRC/tests/ui/package.json" "$SRC/tests/ui/package-lock.json" "$DEPS/"
  (cd "$DEPS" && npm_config_cache="$DEPS/.npm-cache" timeout 180 npm ci --ignore-scripts --no-audit --no-fund) >"$T/npm.log" 2>&1 ||
    { cat "$T/npm.log" >&2; fail "npm ci of tests/ui failed: the npm registry (registry.npmjs.org) must be reachable to install playwright-core"; }
fi
ART="${AKSEMU_ARTIFACTS:-$PWD/artifacts}"
mkdir -p "$ART"
run 0 env -u AKSEMU_TOKEN "$A" ui --data "$DATA"
t0=$SECONDS
OUT_FILE="$T/e2e.out"; ERR_FILE="$T/e2e.err"
NODE_PATH="$DEPS/node_modules" CHROME="$CHROME" timeout 150 node "$SRC/tests/ui/e2e.cjs" "$OUT&view=pools" "$ART" >"$OUT_FILE" 2>"$ERR_FILE" || fail "the browser test failed"
CHECKS=$((CHECKS + 20))
log "browser part: $((SECONDS - t0)) s"
for f in ui-pools-1280 ui-nodes-1280 ui-evict-confirm-1280 ui-map-1280 ui-cost-1280 ui-nodes-390; do
  [ "$(head -c 8 "$ART/$f.png" | od -An -tx1 | tr -d ' \n')" = 89504e470d0a1a0a ] || fail "no screenshot $f.png"
done
run 0 "$A" aks nodepool show -g myResourceGroup --cluster-name myAKSCluster -n spotpool --query count -o tsv
assert_eq "$OUT" 2 "the UI's eviction took a spot VM away"

log "the meter survives a restart"
api POST "$Q" '{"type":"ActualCost","timeframe":"MonthToDate","dataset":{"granularity":"None","aggregation":{"c":{"name":"Cost","function":"Sum"}}}}'
before="$(json 'j["properties"]["rows"][0][0]')"
stop_daemon
start_daemon --speed 10
api POST "$Q" '{"type":"ActualCost","timeframe":"MonthToDate","dataset":{"granularity":"None","aggregation":{"c":{"name":"Cost","function":"Sum"}}}}'
after="$(json 'j["properties"]["rows"][0][0]')"
python3 -c "import sys; sys.exit(0 if float('$after') >= float('$before') * 0.999 else 1)" || fail "cost before restart $before, after $after"
CHECKS=$((CHECKS + 1))
stop_daemon
pass
