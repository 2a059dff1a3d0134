#!/usr/bin/env bash
# The architecture's one hard rule: model, engine, analysis, charts, story and import never
# touch the browser, so they build and test natively and the engine stays
# deterministic. Fails, listing each offending line, if any file under them
# names yew, web_sys, wasm_bindgen or a gloo crate as a path (`yew::...`) or
# in a `use`. Comments are ignored, so prose may still name them.
# An optional argument is the repository root to check (for testing this script).
set -euo pipefail
root=${1:-"$(dirname "$0")/.."}
cd "$root"

dirs=()
for d in src/model src/engine src/analysis src/charts src/story src/import; do
  [ -d "$d" ] && dirs+=("$d")
done
if [ ${#dirs[@]} -eq 0 ]; then
  echo "check-architecture: none of src/model, src/engine, src/analysis, src/charts exists" >&2
  exit 1
fi

crates='yew|web_sys|wasm_bindgen|gloo[A-Za-z0-9_]*'
# Strip // comments, then look for `crate::` or `use crate` / `extern crate crate`.
violations=$(
  find "${dirs[@]}" -type f -name '*.rs' -print0 | sort -z | xargs -0 awk -v re="$crates" '
    {
      code = $0
      sub(/\/\/.*/, "", code)
      if (code ~ "(^|[^A-Za-z0-9_])(" re ")[[:space:]]*::" ||
          code ~ "(^|[^A-Za-z0-9_])(use|crate)[[:space:]]+(::)?(" re ")([^A-Za-z0-9_]|$)") {
        printf "%s:%d: %s\n", FILENAME, FNR, $0
      }
    }'
)

if [ -n "$violations" ]; then
  echo "Browser crates used outside src/ui (model, engine, analysis and charts must stay pure):" >&2
  echo "$violations" >&2
  exit 1
fi
echo "architecture ok: ${dirs[*]} use no yew, web_sys, wasm_bindgen or gloo"

# Every number that shapes an outcome is a row of src/engine/assumptions.rs:
# the engine's phases hold no other decimal literal than 0.0, 1.0 and 100.0
# (percent), and the unit constants at the top of sim.rs.
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
    }' src/engine/sim.rs src/engine/state.rs src/engine/begin.rs src/engine/detect.rs src/engine/route.rs src/engine/settle.rs src/engine/policy.rs src/engine/horizon.rs src/engine/capacity.rs
)
if [ -n "$constants" ]; then
  echo "Numbers in the engine's phases that belong in src/engine/assumptions.rs:" >&2
  echo "$constants" >&2
  exit 1
fi
echo "assumptions ok: the engine's phases hold no constant outside the assumptions table"
