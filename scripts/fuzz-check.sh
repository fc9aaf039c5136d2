#!/usr/bin/env bash
# scripts/fuzz-check.sh - builds the libFuzzer targets of fuzz/ with clang
# (-fsanitize=fuzzer,address,undefined, against an instrumented copy of the project library)
# and runs each for a bounded time, then replays every file in fuzz/regressions/<target>/.
#
#   scripts/fuzz-check.sh                 short run (ctest test fuzz.short): FUZZ_SECONDS=4
#   FUZZ_SECONDS=60 scripts/fuzz-check.sh --keep   `make fuzz`: corpus kept in build-fuzz/corpus
#   scripts/fuzz-check.sh fuzz_patch ...  only these targets
#
# Environment: FUZZ_BUILD (build directory, default <source>/build-fuzz), FUZZ_SECONDS,
# FUZZ_JOBS (build parallelism). Crashes, hangs and leaks are written to
# $FUZZ_BUILD/artifacts/<target>-*; the script exits 1 if any target failed.
set -uo pipefail
src="$(cd "$(dirname "$0")/.." && pwd)"
build="${FUZZ_BUILD:-$src/build-fuzz}"
secs="${FUZZ_SECONDS:-4}"
jobs="${FUZZ_JOBS:-$(nproc 2>/dev/null || echo 2)}"
keep=0
targets=()
for a in "$@"; do
  case "$a" in
    --keep) keep=1 ;;
    -h|--help) sed -n 2,13p "$0"; exit 0 ;;
    *) targets+=("$a") ;;
  esac
done

cc="$(command -v clang || command -v clang-14 || true)"
if [ -z "$cc" ]; then
  echo "fuzz-check: clang not found (scripts/install-deps.sh test installs it)" >&2
  exit 1
fi

t0=$(date +%s)
if ! { CC="$cc" cmake -S "$src" -B "$build" -DAK_FUZZ=ON -DCMAKE_BUILD_TYPE=Debug \
         -DCMAKE_C_FLAGS="-O1 -gline-tables-only" >"$build.cmake.log" 2>&1 &&
       cmake --build "$build" --target fuzz_all -j"$jobs" >"$build.build.log" 2>&1; }; then
  echo "fuzz-check: build failed:" >&2
  tail -40 "$build.cmake.log" "$build.build.log" >&2
  exit 1
fi
t1=$(date +%s)
echo "fuzz-check: built the fuzz targets in $((t1 - t0)) s ($build)"

if [ "${#targets[@]}" -eq 0 ]; then
  for f in "$src"/fuzz/fuzz_*.c; do targets+=("$(basename "$f" .c)"); done
fi

export ASAN_OPTIONS="${ASAN_OPTIONS:+$ASAN_OPTIONS:}quarantine_size_mb=64:detect_leaks=1"
export UBSAN_OPTIONS="${UBSAN_OPTIONS:-print_stacktrace=1:halt_on_error=1}"
art="$build/artifacts"
mkdir -p "$art"
failed=()
for t in "${targets[@]}"; do
  bin="$build/fuzz/$t"
  if [ ! -x "$bin" ]; then
    echo "fuzz-check: $t: no such target" >&2
    failed+=("$t")
    continue
  fi
  if [ "$keep" = 1 ]; then
    work="$build/corpus/$t"
  else
    work="$(mktemp -d "${TMPDIR:-/tmp}/fuzz-$t.XXXXXX")"
  fi
  mkdir -p "$work"
  log="$build/$t.log"
  ts=$(date +%s)
  "$bin" -max_total_time="$secs" -timeout=10 -rss_limit_mb=3072 -max_len=65536 \
    -print_final_stats=1 -artifact_prefix="$art/$t-" "$work" "$src/fuzz/corpus/$t" \
    >"$log" 2>&1
  rc=$?
  execs=$(sed -n 's/^stat::number_of_executed_units: *//p' "$log" | tail -1)
  rate=$(sed -n 's/^stat::average_exec_per_sec: *//p' "$log" | tail -1)
  status=ok
  if [ "$rc" -ne 0 ]; then
    status="FAILED (exit $rc, log $log)"
    failed+=("$t")
    grep -E "ERROR|SUMMARY|runtime error|Test unit written" "$log" | head -8 >&2
  fi
  # every regression input must run clean
  regs=()
  if [ -d "$src/fuzz/regressions/$t" ]; then
    while IFS= read -r -d '' f; do regs+=("$f"); done \
      < <(find "$src/fuzz/regressions/$t" -type f -print0 | sort -z)
  fi
  if [ "${#regs[@]}" -gt 0 ]; then
    if ! "$bin" -timeout=10 -rss_limit_mb=3072 "${regs[@]}" >"$build/$t.regressions.log" 2>&1; then
      status="FAILED (regression replay, log $build/$t.regressions.log)"
      failed+=("$t")
      grep -E "ERROR|SUMMARY|runtime error|Running:" "$build/$t.regressions.log" | tail -8 >&2
    fi
  fi
  [ "$keep" = 1 ] || rm -rf "$work"
  printf 'fuzz-check: %-14s %8s execs %7s/s  %2ss  %s regressions  %s\n' "$t" "${execs:-?}" \
    "${rate:-?}" "$(($(date +%s) - ts))" "${#regs[@]}" "$status"
done
echo "fuzz-check: total $(($(date +%s) - t0)) s"
if [ "${#failed[@]}" -gt 0 ]; then
  echo "fuzz-check: failed: ${failed[*]} (inputs in $art/)" >&2
  exit 1
fi
