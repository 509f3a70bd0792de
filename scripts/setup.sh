#!/usr/bin/env bash
# Installs everything mqlab needs to build, serve and test, on a Debian machine that has only
# rustup/cargo, node and npm. Safe to run again: each step checks first and skips what is there.
# Needs root or sudo (for apt) and the package registries (crates.io, npm, Debian); nothing else
# from the network.
set -euo pipefail

# shellcheck source=scripts/env.sh
. "$(dirname "${BASH_SOURCE[0]}")/env.sh"
cd "$ROOT"

STEP="start"
trap 'printf "error: setup failed while: %s (see the output above)\n" "$STEP" >&2' ERR

started_s=$SECONDS

for tool in rustup cargo node npm; do
    command -v "$tool" >/dev/null || die "$tool is not on PATH; install Rust with rustup and Node.js 20 with npm first"
done

# --- Rust target and components --------------------------------------------------------------
STEP="adding the wasm32 target and clippy/rustfmt"
if rustup target list --installed | grep -qx wasm32-unknown-unknown; then
    say "rust target wasm32-unknown-unknown: present"
else
    say "rust target wasm32-unknown-unknown: installing"
    rustup target add wasm32-unknown-unknown
fi
for component in clippy rustfmt; do
    if rustup component list --installed | grep -q "^$component"; then
        say "rust component $component: present"
    else
        say "rust component $component: installing"
        rustup component add "$component"
    fi
done

# --- Trunk ---------------------------------------------------------------------------------
# 0.21 is the last line that builds with our stable rustc; --locked keeps its tree as released.
STEP="installing trunk $TRUNK_VERSION"
if trunk --version 2>/dev/null | grep -qx "trunk $TRUNK_VERSION"; then
    say "trunk $TRUNK_VERSION: present"
else
    say "trunk $TRUNK_VERSION: installing with cargo (a few minutes)"
    cargo install trunk --version "$TRUNK_VERSION" --locked
fi

# --- wasm-bindgen CLI, at the exact version of the library in Cargo.lock -------------------------
STEP="reading the wasm-bindgen version from Cargo.lock"
WASM_BINDGEN_VERSION="$(awk '
    $0 == "name = \"wasm-bindgen\"" { found = 1; next }
    found && /^version = / { gsub(/"/, "", $3); print $3; exit }
' Cargo.lock)"
[ -n "$WASM_BINDGEN_VERSION" ] || die "no wasm-bindgen package found in Cargo.lock"
export WASM_BINDGEN_VERSION
# Trunk runs offline, so a pin that differs from the lock would only fail later, less clearly.
trunk_pin="$(sed -n 's/^wasm_bindgen *= *"\(.*\)".*/\1/p' Trunk.toml)"
[ "$trunk_pin" = "$WASM_BINDGEN_VERSION" ] ||
    die "Trunk.toml pins wasm_bindgen = \"$trunk_pin\" but Cargo.lock has wasm-bindgen $WASM_BINDGEN_VERSION; make them equal"

STEP="installing wasm-bindgen-cli $WASM_BINDGEN_VERSION"
if wasm-bindgen --version 2>/dev/null | grep -qx "wasm-bindgen $WASM_BINDGEN_VERSION" &&
    wasm-bindgen-test-runner --version 2>/dev/null | grep -q "$WASM_BINDGEN_VERSION"; then
    say "wasm-bindgen-cli $WASM_BINDGEN_VERSION: present"
else
    say "wasm-bindgen-cli $WASM_BINDGEN_VERSION: installing with cargo (a few minutes)"
    # Not --locked: with the lock file shipped in this release a pinned dependency cannot be had,
    # so the locked install fails to resolve.
    cargo install wasm-bindgen-cli --version "$WASM_BINDGEN_VERSION" --force
fi

# --- wasm-opt (binaryen), project-local --------------------------------------------------------
# Debian's binaryen is too old for the WASM features rustc emits; the npm build is current.
STEP="installing binaryen $BINARYEN_VERSION (wasm-opt) into .tools"
if wasm_opt_version="$("$TOOLS_DIR/node_modules/.bin/wasm-opt" --version 2>/dev/null)" &&
    printf '%s' "$wasm_opt_version" | grep -q "version $BINARYEN_VERSION"; then
    say "wasm-opt $BINARYEN_VERSION: present in .tools"
else
    say "wasm-opt $BINARYEN_VERSION: installing binaryen from npm into .tools"
    mkdir -p "$TOOLS_DIR"
    npm install --prefix "$TOOLS_DIR" --no-audit --no-fund --loglevel=error "binaryen@$BINARYEN_VERSION"
    "$TOOLS_DIR/node_modules/.bin/wasm-opt" --version | grep -q "version $BINARYEN_VERSION" ||
        die "wasm-opt in .tools does not report version $BINARYEN_VERSION"
fi

# --- Chromium and ChromeDriver (browser tests), and a font for the Chinese UI ---------------------
STEP="installing Chromium, ChromeDriver and a CJK font with apt"
apt_packages=()
[ -x /usr/bin/chromium ] || apt_packages+=(chromium)
[ -x /usr/bin/chromedriver ] || apt_packages+=(chromium-driver)
# Without a CJK font the 中文 screen shows empty boxes in screenshots.
if ! { command -v fc-list >/dev/null && [ -n "$(fc-list :lang=zh 2>/dev/null)" ]; }; then
    apt_packages+=(fonts-wqy-microhei)
fi
if [ "${#apt_packages[@]}" -eq 0 ]; then
    say "chromium, chromedriver and a CJK font: present"
else
    say "apt: installing ${apt_packages[*]}"
    $SUDO env DEBIAN_FRONTEND=noninteractive apt-get update -qq
    $SUDO env DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends \
        "${apt_packages[@]}" >/dev/null
fi

# --- playwright-core for the e2e tests --------------------------------------------------------
STEP="installing the e2e dependencies (npm ci in e2e/)"
wanted_playwright="$(node -p "require('./e2e/package.json').devDependencies['playwright-core']")"
installed_playwright="$(node -p "require('./e2e/node_modules/playwright-core/package.json').version" 2>/dev/null || true)"
if [ "$installed_playwright" = "$wanted_playwright" ]; then
    say "playwright-core $wanted_playwright: present in e2e/"
else
    say "playwright-core $wanted_playwright: npm ci in e2e/"
    (cd e2e && npm ci --no-audit --no-fund --loglevel=error)
fi

# --- crates ------------------------------------------------------------------------------------
STEP="fetching crates (cargo fetch)"
say "cargo fetch"
cargo fetch --quiet

trap - ERR
say "setup done in $((SECONDS - started_s)) s"
