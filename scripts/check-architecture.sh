#!/usr/bin/env bash
# What the compiler cannot check about the architecture.
#
# The compiler holds the main rule: the core (crates/faultline-core: model,
# engine, analysis, charts, story, import) cannot name a crate it does not
# depend on, so it cannot touch the browser. What it cannot see is its
# manifest: this fails, naming the crate, if the core or the command line
# (crates/faultline-cli) ever lists yew, web-sys, wasm-bindgen, js-sys or a
# gloo crate among its own dependencies, natively or for wasm32.
# Then it checks the engine's phases hold no constant outside the
# assumptions table.
set -euo pipefail
cd "$(dirname "$0")/.."

browser='^(yew|web-sys|wasm-bindgen|wasm-bindgen-futures|js-sys|gloo(-[a-z]+)?) '
for pkg in faultline-core faultline-cli; do
  direct=$(
    for target in "$(rustc -vV | sed -n 's/^host: //p')" wasm32-unknown-unknown; do
      cargo tree --locked -p "$pkg" --target "$target" -e normal,build --depth 1 --prefix none | tail -n +2
    done
  )
  bad=$(printf '%s\n' "$direct" | grep -E "$browser" | sort -u || true)
  if [ -n "$bad" ]; then
    echo "$pkg depends on a browser crate (the core and the command line must stay pure):" >&2
    echo "$bad" >&2
    exit 1
  fi
done
echo "architecture ok: faultline-core and faultline-cli depend on no browser crate"

# The page calls live in src/ui/web/: outside it, only the worker pool,
# which starts and hears its Workers, and the worker's own entry point may
# name gloo, js_sys, the window, the document or a wasm-bindgen Closure.
glue=$(
  find src -name '*.rs' -not -path 'src/ui/web/*' -not -path 'src/ui/run/pool.rs' -not -path 'src/bin/worker.rs' -print0 \
    | sort -z | xargs -0 awk '
      {
        code = $0
        sub(/\/\/.*/, "", code)
        if (code ~ /(gloo[a-z_]*|js_sys)::|web_sys::(window|Window|Document)|Closure::|(^|[^a-z_])(window|document)\(\)/) {
          printf "%s:%d: %s\n", FILENAME, FNR, $0
        }
      }'
)
if [ -n "$glue" ]; then
  echo "Page calls outside src/ui/web/ (move them there, behind a function that does nothing natively):" >&2
  echo "$glue" >&2
  exit 1
fi
echo "glue ok: the page calls are in src/ui/web/ (and the worker pool's own)"

# Every number that shapes an outcome is a row of src/engine/assumptions.rs:
# the engine's phases hold no other decimal literal than 0.0, 1.0 and 100.0
# (percent), and the unit constants at the top of sim.rs.
engine=crates/faultline-core/src/engine
phases=()
for f in sim state begin detect route settle policy horizon capacity; do
  phases+=("$engine/$f.rs")
done
constants=$(
  awk '
    {
      code = $0
      sub(/\/\/.*/, "", code)
      if (code ~ /const (MINUTE|HOUR|DAY|WEEK):/) next
      line = code
      while (match(line, /[0-9][0-9_]*\.[0-9]+/)) {
        lit = substr(line, RSTART, RLENGTH)
        if (lit != "0.0" && lit != "1.0" && lit != "100.0") {
          printf "%s:%d: %s\n", FILENAME, FNR, $0
          break
        }
        line = substr(line, RSTART + RLENGTH)
      }
    }' "${phases[@]}"
)
if [ -n "$constants" ]; then
  echo "Numbers in the engine's phases that belong in $engine/assumptions.rs:" >&2
  echo "$constants" >&2
  exit 1
fi
echo "assumptions ok: the engine's phases hold no constant outside the assumptions table"
