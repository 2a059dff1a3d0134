#!/usr/bin/env bash
# Builds the web app in release mode and serves it on this machine, with
# rebuilds when a file changes. The default preset is what loads.
# PORT picks the port (default 8080).
set -euo pipefail
cd "$(dirname "$0")/.."

./scripts/setup.sh
cargo fetch

PORT=${PORT:-8080}
echo
echo "Faultline will be at http://127.0.0.1:${PORT}/ once the build below finishes (Ctrl-C stops it)."
echo
# --offline: every tool is installed above, so a version mismatch fails at
# once instead of trying to download a replacement.
TRUNK_SKIP_VERSION_CHECK=true exec trunk serve --release --offline --address 127.0.0.1 --port "$PORT"
