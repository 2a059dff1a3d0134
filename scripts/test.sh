#!/usr/bin/env bash
# Every test tier, cheapest first, stopping at the first failure: format,
# lints for both targets, the architecture rule, native tests, browser tests
# of the wasm build, the release build, and end-to-end tests of that build in
# Chromium. Installs whatever is missing first.
set -euo pipefail
cd "$(dirname "$0")/.."

stage=""
begin() {
  stage=$1
  printf '\n======== %s ========\n' "$stage"
}
trap 'status=$?; [ $status -ne 0 ] && printf "\n!!!!!!!! FAILED: %s (exit %s) !!!!!!!!\n" "$stage" "$status"' EXIT

begin "setup: install what is missing"
./scripts/setup.sh

begin "format: cargo fmt --check"
cargo fmt --check

begin "lint: clippy, native, every crate and target"
cargo clippy --workspace --all-targets -- -D warnings

begin "lint: clippy, wasm32, the web app and the core"
# The command line is not built for the browser.
cargo clippy --target wasm32-unknown-unknown -p faultline -p faultline-core --lib --bins -- -D warnings

begin "architecture: the core and the command line depend on no browser crate"
./scripts/check-architecture.sh

begin "test: native (unit, integration, component and doc tests of every crate)"
cargo test --workspace --all-targets
cargo test --workspace --doc

begin "test: browser (wasm32 in headless Chromium)"
# Only the tests/browser*.rs targets run on wasm32: the rest are native tests
# (the library's unit tests among them) and need not build for the browser.
browser_tests=()
for f in tests/browser*.rs; do
  browser_tests+=(--test "$(basename "$f" .rs)")
done
CHROMEDRIVER=/usr/bin/chromedriver cargo test --target wasm32-unknown-unknown "${browser_tests[@]}"

begin "build: release web app (trunk)"
TRUNK_SKIP_VERSION_CHECK=true trunk build --release --offline
ls -l dist/*.wasm

begin "test: end-to-end (release build in Chromium)"
# Every e2e/*.test.mjs, one file at a time: each drives its own Chromium and
# two at once would compete for the machine's two cores.
(cd e2e && node --test --test-concurrency=1 ./*.test.mjs)

printf '\n======== all stages passed ========\n'
