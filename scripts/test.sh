#!/usr/bin/env bash
# Sets up everything (scripts/setup.sh), then runs every check and test in order and stops at the
# first failure: formatting, lints (native and WASM), native tests, WASM tests in node, component
# tests in Chromium, the release build of the web lab, and the end-to-end tests in Chromium.
set -Eeuo pipefail

# shellcheck source=scripts/env.sh
. "$(dirname "${BASH_SOURCE[0]}")/env.sh"
cd "$ROOT"

started_s=$SECONDS
"$ROOT/scripts/setup.sh"

STEP="start"
trap 'printf "error: tests stopped at: %s\n" "$STEP" >&2' ERR

# Runs one named step and reports how long it took.
step() {
    STEP="$1"
    shift
    local step_started_s=$SECONDS
    say "$STEP"
    "$@"
    say "$STEP: ok ($((SECONDS - step_started_s)) s)"
}

step "format (cargo fmt --check)" cargo fmt --check
step "lint, native (cargo clippy)" cargo clippy --all-targets -- -D warnings
step "lint, wasm32 (cargo clippy)" cargo clippy --target wasm32-unknown-unknown --lib --bins -- -D warnings
step "native tests (cargo test)" cargo test
# No run_in_browser in tests/wasm_engine.rs, so wasm-bindgen-test-runner runs it in node.
step "wasm tests in node (cargo test --target wasm32-unknown-unknown)" \
    env CARGO_TARGET_WASM32_UNKNOWN_UNKNOWN_RUNNER=wasm-bindgen-test-runner \
    cargo test --target wasm32-unknown-unknown --test wasm_engine
# tests/wasm_ui.rs asks for a browser: headless Chromium through chromedriver (webdriver.json
# holds its flags; --no-sandbox because CI runs as root).
step "wasm component tests in Chromium (cargo test --target wasm32-unknown-unknown)" \
    env CHROMEDRIVER=/usr/bin/chromedriver CARGO_TARGET_WASM32_UNKNOWN_UNKNOWN_RUNNER=wasm-bindgen-test-runner \
    cargo test --target wasm32-unknown-unknown --test wasm_ui
step "release build of the web lab (trunk build --release, opt-level z)" trunk_release build
step "end-to-end tests in Chromium (node --test e2e/)" node --test e2e/

trap - ERR
say "all checks passed in $((SECONDS - started_s)) s"
