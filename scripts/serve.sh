#!/usr/bin/env bash
# Sets up everything (scripts/setup.sh), then builds the web lab in release mode and serves it at
# http://127.0.0.1:8080, rebuilding when a source file changes. Stop it with Ctrl-C.
set -euo pipefail

# shellcheck source=scripts/env.sh
. "$(dirname "${BASH_SOURCE[0]}")/env.sh"
cd "$ROOT"

"$ROOT/scripts/setup.sh"

say "serving mqlab at http://127.0.0.1:8080 (first build takes a few minutes; Ctrl-C stops)"
CARGO_PROFILE_RELEASE_OPT_LEVEL=z exec trunk serve --release --address 127.0.0.1 --port 8080
