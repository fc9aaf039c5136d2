#!/usr/bin/env bash
# Installs the Debian 12 packages aksemu needs, only those that are missing.
#   scripts/install-deps.sh build   - to build the daemon and the CLI
#   scripts/install-deps.sh test    - build + what `make check` drives (the real az, kubectl)
set -euo pipefail
profile="${1:-build}"

build_pkgs=(build-essential cmake pkg-config libmicrohttpd-dev libgnutls28-dev libjansson-dev
            libfyaml-dev libcmocka-dev libcurl4-openssl-dev libsqlite3-dev libzstd-dev
            ca-certificates busybox-static)
test_pkgs=(azure-cli curl python3 procps clang libclang-rt-14-dev chromium)

pkgs=("${build_pkgs[@]}")
if [ "$profile" = test ]; then
  pkgs+=("${test_pkgs[@]}")
fi

# kubectl: the machine image ships Google's build (any >= 1.30 works); Debian's
# kubernetes-client is the fallback.
if [ "$profile" = test ] && ! command -v kubectl >/dev/null 2>&1; then
  pkgs+=(kubernetes-client)
fi

# node + npm for the web view's browser test (tests/ui, Playwright with the system chromium):
# Debian's nodejs and npm, unless a node with its own npm is installed already.
if [ "$profile" = test ] && ! command -v node >/dev/null 2>&1; then
  pkgs+=(nodejs)
fi
if [ "$profile" = test ] && ! command -v npm >/dev/null 2>&1; then
  pkgs+=(npm)
fi

missing=()
for p in "${pkgs[@]}"; do
  if ! dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed"; then
    missing+=("$p")
  fi
done
[ "${#missing[@]}" -eq 0 ] && exit 0

echo "aksemu: installing missing Debian packages: ${missing[*]}" >&2
SUDO=""
if [ "$(id -u)" -ne 0 ]; then
  if command -v sudo >/dev/null; then SUDO="sudo"; else
    echo "aksemu: run as root or install: apt-get install -y ${missing[*]}" >&2
    exit 1
  fi
fi
export DEBIAN_FRONTEND=noninteractive
$SUDO apt-get update -q
$SUDO apt-get install -y -q --no-install-recommends "${missing[@]}"
