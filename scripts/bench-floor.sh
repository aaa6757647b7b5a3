#!/usr/bin/env bash
# What our stack costs before any of Ticklist's features: builds bench/floor (the bench's plain
# React panel, feature for feature, in Leptos 0.8 csr) and times it in the shared start-up bench
# beside Ticklist's dist/ and plain React, every scenario, one run, one machine.
#
#   scripts/build.sh && ../shared/bench/run.sh dist   # once: installs the bench in $BENCH_WORK
#   scripts/bench-floor.sh                           # about 5 minutes
set -euo pipefail
source "$(dirname "$0")/bench-env.sh"
[ -f "$ROOT/dist/index.html" ] || { echo "no dist/: run scripts/build.sh first"; exit 1; }

floor="$ROOT/bench/floor"
target="$TARGET_DIR/floor"
out="$work/reference/dist/floor"
(cd "$floor" && CARGO_TARGET_DIR="$target" cargo build -q --release --offline --target wasm32-unknown-unknown)
rm -rf "$out" && mkdir -p "$out"
wasm-bindgen --target web --no-typescript --out-dir "$out" --out-name floor \
  "$target/wasm32-unknown-unknown/release/floor.wasm"
# The same wasm-opt as the product (scripts/split-wasm.mjs).
wasm-opt -Oz --enable-bulk-memory --enable-nontrapping-float-to-int "$out/floor_bg.wasm" -o "$out/floor_bg.wasm"
esbuild "$floor/bridge.js" --bundle --minify --format=esm --target=es2020 --log-level=warning \
  --define:process.env.NODE_ENV='"production"' --alias:tslib="$ROOT/js/app/tslib-used.js" --outfile="$out/bridge.js"
cp "$floor/index.html" "$floor/start.js" "$out/"
# The plain variant's stylesheet: the floor is that panel, so it looks the same.
cp "$work/reference/src/plain/styles.css" "$out/styles.css"
rm -rf "$work/reference/dist/ticklist" && cp -r "$ROOT/dist" "$work/reference/dist/ticklist"

cd "$work/harness"
printf '%-20s %9s %9s %9s %7s %7s\n' scenario floor ticklist plain 'floor÷p' 'tl÷p'
for scenario in "" "THROTTLE=4" "LATENCY=40" "WARM=1" "WARM=1 THROTTLE=4"; do
  rm -f bench-*.json
  env $scenario BENCH_DIST="$work/reference/dist" node bench.mjs floor ticklist plain >/dev/null
  node -e '
    const fs = require("fs");
    const ms = (v) => JSON.parse(fs.readFileSync(fs.readdirSync(".").find((f) => f.startsWith(`bench-${v}-`)))).median_ready_ms;
    const [f, t, p] = ["floor", "ticklist", "plain"].map(ms);
    console.log(process.argv[1].padEnd(20), ...[f, t, p].map((x) => String(x).padStart(9)), (f / p).toFixed(2).padStart(7), (t / p).toFixed(2).padStart(7));
  ' "${scenario:-cold}"
done
node -e '
  const fs = require("fs"), zlib = require("zlib"), path = require("path");
  const dir = process.argv[1]; let total = 0;
  for (const f of fs.readdirSync(dir)) { const n = zlib.brotliCompressSync(fs.readFileSync(path.join(dir, f))).length; total += n; console.log(f.padEnd(20), String(n).padStart(8)); }
  console.log("floor, brotli total".padEnd(20), String(total).padStart(8));
' "$out"
