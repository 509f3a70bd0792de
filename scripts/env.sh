# Shared environment for scripts/*.sh: sourced, never run on its own.
# It puts the tools that setup.sh installs on PATH and keeps Trunk off the network, because the
# machines this project runs on reach only the package registries.

ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
export ROOT

# Versions the project pins. WASM_BINDGEN_VERSION is read from Cargo.lock by setup.sh, because the
# CLI must match the library byte for byte or wasm-bindgen refuses the module.
TRUNK_VERSION="0.21.14"
BINARYEN_VERSION="132"
export TRUNK_VERSION BINARYEN_VERSION

TOOLS_DIR="$ROOT/.tools"
export TOOLS_DIR

# cargo-installed tools (trunk, wasm-bindgen) and the project-local wasm-opt; in front of them
# scripts/bin's wasm-bindgen, which runs the real one and leaves its JS in a form Trunk's minifier
# reads (see the script).
export PATH="$ROOT/scripts/bin:$TOOLS_DIR/node_modules/.bin:${CARGO_HOME:-$HOME/.cargo}/bin:$PATH"

# Trunk asks GitHub for a newer release on start unless told not to.
export TRUNK_SKIP_VERSION_CHECK=true

# Run as root on CI and fresh machines; fall back to sudo otherwise.
if [ "$(id -u)" -eq 0 ]; then
    SUDO=""
else
    SUDO="sudo"
fi
export SUDO

# Print a short progress line.
say() {
    printf '==> %s\n' "$*"
}

# Stop with a clear message.
die() {
    printf 'error: %s\n' "$*" >&2
    exit 1
}

# The web lab's release build optimises for size: the bundle must stay under 300 KB gzip
# (docs/performance.md). Only trunk's builds (target/wasm32-unknown-unknown/release) see this;
# the native runner and benchmarks keep opt-level 3.
# Panic locations keep their file's path: the dependencies' paths lose the registry's directory
# to make the bundle smaller (the standard library's come prebuilt, under /rustc/<commit>, and stay).
# Scoped to the WASM target, so native builds and their caches are untouched.
trunk_release() {
    local remap="" dir
    for dir in "${CARGO_HOME:-$HOME/.cargo}"/registry/src/*/; do
        remap="$remap --remap-path-prefix=$dir="
    done
    CARGO_TARGET_WASM32_UNKNOWN_UNKNOWN_RUSTFLAGS="${remap# }" CARGO_PROFILE_RELEASE_OPT_LEVEL=z trunk "$@" --release
}
