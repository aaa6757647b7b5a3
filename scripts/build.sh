#!/usr/bin/env bash
# Builds the release app into dist/ and the simulator's browser shims into target/sim-assets/.
set -euo pipefail
source "$(dirname "$0")/env.sh"
cd "$ROOT"
# The issue view, then the settings pages as a bundle of their own in dist/settings/ (the
# issue view never downloads the admin UI).
trunk build --release
trunk build settings/index.html --release --dist dist/settings
mkdir -p "$TARGET_DIR/sim-assets"
esbuild js/sim/fake-ap-entry.js --bundle --minify --format=iife --target=es2020 \
  --alias:atlassian-jwt=./js/sim/jwt-stub.js --define:process.env.NODE_ENV='"production"' \
  --log-level=warning --outfile="$TARGET_DIR/sim-assets/fake-ap.js"
cp js/sim/host-page.js js/sim/forge-host.js js/sim/theme-dark.css "$TARGET_DIR/sim-assets/"
# The Forge function's code, which the simulator's issue page runs for the lozenge.
cp deploy/forge/src/status.js "$TARGET_DIR/sim-assets/forge-status.js"
# What a start-up never calls leaves each bundle's main wasm for a module fetched once the app
# has started (scripts/startup-split.mjs): measured by opening the pages in jira-sim.
cargo build -p jira-sim --quiet
TARGET_DIR="$TARGET_DIR" node scripts/startup-split.mjs
