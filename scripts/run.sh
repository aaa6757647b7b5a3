#!/usr/bin/env bash
# The run command: installs what is missing, builds the app, and starts jira-sim with the app
# in its issue pages. Data is kept in .sim-data/state.json across restarts.
set -euo pipefail
cd "$(dirname "$0")/.."
scripts/setup.sh
source scripts/env.sh
scripts/build.sh
cargo build --release -p jira-sim
mkdir -p .sim-data
exec "$TARGET_DIR/release/jira-sim" --listen "${LISTEN:-127.0.0.1:8080}" \
  --data .sim-data/state.json --app-dir dist --assets-dir "$TARGET_DIR/sim-assets"
