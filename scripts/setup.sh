#!/usr/bin/env bash
# Installs whatever building, serving and testing Faultline needs and is
# missing: the wasm32 target, Trunk, the wasm-bindgen CLI at exactly the
# version in Cargo.lock, Chromium with its driver, and the end-to-end tests'
# npm packages. Anything already present at the right version is left alone,
# so a second run takes a second.
set -euo pipefail
cd "$(dirname "$0")/.."

TRUNK_VERSION=0.21.14

say() { printf '  setup: %s\n' "$*"; }

as_root() {
  if [ "$(id -u)" -eq 0 ]; then "$@"; else sudo "$@"; fi
}

# The browser build's target.
if ! rustup target list --installed | grep -qx wasm32-unknown-unknown; then
  say "adding the wasm32-unknown-unknown target"
  rustup target add wasm32-unknown-unknown
fi

# Trunk. 0.22 needs a newer rustc than the machines have; --locked keeps its
# own dependencies at the versions it was released with.
if ! trunk --version 2>/dev/null | grep -qx "trunk $TRUNK_VERSION"; then
  say "installing trunk $TRUNK_VERSION (a few minutes)"
  cargo install trunk --version "$TRUNK_VERSION" --locked
fi

# wasm-bindgen's CLI must match the library in Cargo.lock exactly, or Trunk
# tries to download one and the test runner refuses the wasm. Read the
# version from the lock file itself so nothing needs the network to find it.
WASM_BINDGEN_VERSION=$(awk '$0 == "name = \"wasm-bindgen\"" { getline; gsub(/"/, "", $3); print $3; exit }' Cargo.lock)
if [ -z "$WASM_BINDGEN_VERSION" ]; then
  echo "setup: cannot find wasm-bindgen in Cargo.lock" >&2
  exit 1
fi
if ! wasm-bindgen --version 2>/dev/null | grep -qx "wasm-bindgen $WASM_BINDGEN_VERSION" \
  || ! command -v wasm-bindgen-test-runner >/dev/null; then
  say "installing wasm-bindgen-cli $WASM_BINDGEN_VERSION (a couple of minutes)"
  # Not --locked: a dependency locked in its release is no longer served.
  cargo install wasm-bindgen-cli --version "$WASM_BINDGEN_VERSION"
fi

# Chromium and its driver, for the browser and end-to-end tests.
if [ ! -x /usr/bin/chromium ] || [ ! -x /usr/bin/chromedriver ]; then
  say "installing chromium and chromium-driver"
  as_root apt-get update
  as_root env DEBIAN_FRONTEND=noninteractive apt-get install -y chromium chromium-driver
fi

# Node for the end-to-end tests.
if ! command -v npm >/dev/null; then
  say "installing node and npm"
  as_root apt-get update
  as_root env DEBIAN_FRONTEND=noninteractive apt-get install -y nodejs npm
fi

# The end-to-end tests' packages: reinstalled when missing or when the lock
# file changed since the last install (npm ci stamps node_modules/.package-lock.json).
if [ ! -f e2e/node_modules/.package-lock.json ] || [ e2e/package-lock.json -nt e2e/node_modules/.package-lock.json ]; then
  say "installing the end-to-end tests' npm packages"
  (cd e2e && npm ci --no-audit --no-fund)
fi

say "ready (trunk $TRUNK_VERSION, wasm-bindgen $WASM_BINDGEN_VERSION, $(/usr/bin/chromium --version 2>/dev/null || echo chromium))"
