# Sourced by the other scripts: puts npm's wasm-opt (binaryen 132, not Debian's broken 108)
# first on PATH and keeps trunk offline so it never tries to download a tool.
ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
export PATH="$ROOT/node_modules/.bin:$HOME/.cargo/bin:$PATH"
export TRUNK_OFFLINE=true
export TRUNK_SKIP_VERSION_CHECK=true
TARGET_DIR="${CARGO_TARGET_DIR:-$ROOT/target}"
