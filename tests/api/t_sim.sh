#!/usr/bin/env bash
# aksemu sim run: a day of the spot-vs-regular example on a virtual clock, through the daemon's
# engine. The same (scenario, seed) gives a byte-identical report.json; the cost is VM-hours x
# price per pool; spot is cheaper than regular by the price ratio; bad scenarios are refused
# with the file and the reason.
source "$(dirname "$0")/lib.sh" "$1"
EX="$(cd "$(dirname "$0")/../.." && pwd)/examples/spot-vs-regular.yaml"
sed 's/^duration: .*/duration: 6h/' "$EX" > "$T/sc.yaml"

log "two runs, one seed: the same report"
run 0 "$AKSEMU" sim run "$T/sc.yaml" --seed 7 --out "$T/a"
assert_contains "$OUT" "simulated 6.0 h in virtual time" "the summary line"
run 0 "$AKSEMU" sim run "$T/sc.yaml" --seed 7 --out "$T/b"
cmp -s "$T/a/report.json" "$T/b/report.json" || fail "same scenario and seed, different report.json"
CHECKS=$((CHECKS + 1))

OUT="$(cat "$T/a/report.json")"
assert_eq "$(json 'j["hours"]')" 6.0 "the duration simulated"
assert_eq "$(json 'j["seed"]')" 7 "the seed recorded"
# cost = vmHours x price, per pool; total = sum
assert_eq "$(json 'all(abs(p["cost"] - p["vmHours"] * p["pricePerNodeHour"]) < 0.01 for p in j["pools"].values())')" True \
  "each pool's cost is its VM-hours times its price"
assert_eq "$(json 'abs(sum(j["cost"]["byPool"].values()) - j["cost"]["total"]) < 0.01')" True "the total is the sum of the pools"
assert_eq "$(json 'j["pools"]["regular"]["pricePerNodeHour"]')" 0.192 "Standard_D4s_v5 pay-as-you-go from the catalog"
assert_eq "$(json 'j["pools"]["spot"]["pricePerNodeHour"]')" 0.0384 "the scenario's spot price"
assert_eq "$(json 'j["pools"]["spot"]["priority"]')" Spot "the spot pool"
# the spot pool keeps its nodes (the autoscaler replaces evicted ones), so it costs about the price ratio
assert_eq "$(json '0.15 < j["cost"]["byPool"]["spot"] / j["cost"]["byPool"]["regular"] < 0.25')" True \
  "spot costs about 20 % of regular"
assert_eq "$(json 'j["cost"]["byTag"]["Environment=batch"] == round(j["cost"]["byPool"]["spot"] + j["cost"]["byPool"]["regular"], 4)')" True \
  "cost by tag"
assert_eq "$(json 'len(j["series"]["t"]) == len(j["series"]["nodes"]["spot"]) == len(j["series"]["costUSD"]) == 37')" True \
  "series every 10 minutes"
assert_eq "$(json 'j["series"]["nodes"]["regular"][-1]')" 5 "regular nodes at the end"

log "report.html in headless Chromium: renders, no console errors"
[ -s "$T/a/report.html" ] || fail "no report.html"
cmp -s "$T/a/report.html" "$T/b/report.html" || fail "same scenario and seed, different report.html"
HTML="$(cat "$T/a/report.html")"
assert_contains "$HTML" "<h2>Nodes per pool</h2>" "the nodes chart"
assert_contains "$HTML" "<h2>Cost accumulated</h2>" "the cost chart"
assert_contains "$HTML" "<td>spot</td><td>Spot</td>" "the pool table"
CHROME="$(command -v chromium || command -v chromium-browser || true)"
[ -n "$CHROME" ] || fail "chromium is not installed (scripts/install-deps.sh test installs it)"
ART="${AKSEMU_ARTIFACTS:-$PWD/artifacts}"
mkdir -p "$ART"
run 0 timeout 120 "$CHROME" --headless --no-sandbox --disable-gpu --disable-quic --no-first-run \
  --disable-background-networking --disable-component-update --disable-sync --user-data-dir="$T/chrome" \
  --window-size=900,1400 --enable-logging=stderr --v=0 --screenshot="$ART/sim-report.png" "file://$T/a/report.html"
[ -s "$ART/sim-report.png" ] || fail "no screenshot"
[ "$(head -c 8 "$ART/sim-report.png" | od -An -tx1 | tr -d ' \n')" = 89504e470d0a1a0a ] || fail "the screenshot is not a PNG"
grep -i "CONSOLE" <<<"$ERR" | grep -qi "error\|uncaught" && fail "console errors: $(grep -i CONSOLE <<<"$ERR")"
CHECKS=$((CHECKS + 1))

log "another seed, other evictions"
run 0 "$AKSEMU" sim run "$T/sc.yaml" --seed 8 --out "$T/c"
cmp -s "$T/a/report.json" "$T/c/report.json" && fail "seeds 7 and 8 gave the same report"
CHECKS=$((CHECKS + 1))

log "sim compare: two layouts on the same seeds"
sed 's/^duration: .*/duration: 3h/' "$EX" > "$T/ca.yaml"
sed 's/perHour: 0.02/perHour: 0.5/' "$T/ca.yaml" > "$T/cb.yaml"
run 0 "$AKSEMU" sim compare "$T/ca.yaml" "$T/cb.yaml" --seeds 1..2 --out "$T/cmp"
assert_contains "$OUT" "mean of 2 seeds" "means over the seeds"
OUT="$(cat "$T/cmp/compare.json")"
assert_eq "$(json 'j["seeds"]')" "[1, 2]" "the seeds"
assert_eq "$(json 'j["B"]["spotEvictions"]["mean"] > j["A"]["spotEvictions"]["mean"]')" True \
  "a 25 times higher eviction rate evicts more"
assert_eq "$(json 'j["A"]["costUSD"]["min"] <= j["A"]["costUSD"]["mean"] <= j["A"]["costUSD"]["max"]')" True "min <= mean <= max"
[ -s "$T/cmp/A-seed2/report.json" ] && [ -s "$T/cmp/B-seed1/report.html" ] || fail "each run keeps its reports"
CHECKS=$((CHECKS + 1))
run 2 "$AKSEMU" sim compare "$T/ca.yaml" "$T/cb.yaml" --seeds 5..1
assert_contains "$ERR" "--seeds" "a bad seed range"

log "bad scenarios"
printf 'duration: 1d\npools: [\n' > "$T/bad.yaml"
run 1 "$AKSEMU" sim run "$T/bad.yaml" --out "$T/x"
assert_contains "$ERR" "bad.yaml:" "a YAML error names the file and line"
printf 'duration: soon\npools: []\n' > "$T/bad2.yaml"
run 1 "$AKSEMU" sim run "$T/bad2.yaml" --out "$T/x"
assert_contains "$ERR" "duration" "a bad duration"
sed 's/Standard_D4s_v5}/Standard_Nope}/' "$T/sc.yaml" > "$T/bad3.yaml"
run 1 "$AKSEMU" sim run "$T/bad3.yaml" --out "$T/x"
assert_contains "$ERR" "Standard_Nope" "AKS's rules apply: an unknown VM size"
run 2 "$AKSEMU" sim run
assert_contains "$ERR" "usage: aksemu sim run" "usage"
pass
