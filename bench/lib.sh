# bench/lib.sh - what the daemon benchmarks share (sourced by bench/run.sh and bench/soak.sh):
# bench_init NAME [PATH/TO/AKSEMU] sets SRC, AKSEMU, BUILD_DIR and T (a temp dir removed at exit,
# with the daemon DAEMON_PID killed), and BENCH: the aksemu-bench program, the CMake target next
# to aksemu or else compiled into T.
bench_init() {
  local name="$1"
  SRC="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
  AKSEMU="$(realpath "${2:-$SRC/build/aksemu}")"
  [ -x "$AKSEMU" ] || { echo "bench/$name.sh: $AKSEMU is not an executable (make all)" >&2; exit 2; }
  BUILD_DIR="$(dirname "$AKSEMU")"
  T="$(mktemp -d "/tmp/aksemu-$name.XXXXXX")"
  DAEMON_PID=""
  trap bench_cleanup EXIT
  BENCH="$BUILD_DIR/aksemu-bench"
  if [ -f "$BUILD_DIR/CMakeCache.txt" ]; then
    cmake --build "$BUILD_DIR" --target aksemu-bench >"$T/build.log" 2>&1 ||
      { cat "$T/build.log" >&2; exit 1; }
  elif [ ! -x "$BENCH" ] || [ "$SRC/bench/ak_bench.c" -nt "$BENCH" ]; then
    BENCH="$T/aksemu-bench"
    # shellcheck disable=SC2046
    cc -std=c11 -O2 -g -D_GNU_SOURCE -Wall -Wextra -Werror -o "$BENCH" "$SRC/bench/ak_bench.c" \
      $(pkg-config --cflags --libs libcurl) -lpthread -lm
  fi
}

bench_cleanup() {
  if [ -n "$DAEMON_PID" ]; then kill -KILL "$DAEMON_PID" 2>/dev/null || true; fi
  rm -rf "$T"
}

# bench_daemon NAME SERVE-ARGS...: starts `aksemu serve` on a free port of 127.0.0.1 with its
# data in T/data (DAEMON_PID), waits for it, and sets URL and MACHINE (the label's machine part).
bench_daemon() {
  local name="$1"
  shift
  "$AKSEMU" serve --listen 127.0.0.1:0 --data "$T/data" "$@" >"$T/daemon.log" 2>&1 &
  DAEMON_PID=$!
  for _ in $(seq 1 100); do
    [ -s "$T/data/url" ] && break
    kill -0 "$DAEMON_PID" 2>/dev/null || { cat "$T/daemon.log" >&2; exit 1; }
    sleep 0.1
  done
  [ -s "$T/data/url" ] || { echo "bench/$name.sh: the daemon did not start" >&2; exit 1; }
  URL="$(cat "$T/data/url")"
  local cpu
  cpu="$(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2- | sed 's/^ *//')"
  MACHINE="machine: $(nproc) CPUs ($cpu), Linux $(uname -r), $(date -u +%Y-%m-%dT%H:%MZ)"
}
