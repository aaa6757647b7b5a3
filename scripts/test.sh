#!/usr/bin/env bash
# The test command: every layer, then one line that adds them up: "N passed, N failed".
#   format and lint (cargo fmt, clippy native + wasm32)  - one check each
#   native tests (cargo test --workspace)                - each test
#   core benchmarks (criterion, short run)               - one check; medians in target/bench-report.txt
#   release bundle + size report (target/size-report.txt) - one check, fails over size-budget.json
#   browser tests (wasm-bindgen-test in headless chromium) - each test
#   descriptors (@forge/manifest validation, Connect fields, validator expression) - each test
#   e2e (Playwright + Debian chromium through jira-sim)  - each test; e2e/perf.spec.mjs also
#     writes target/perf-report.txt (medians; reported, not asserted)
set -uo pipefail
cd "$(dirname "$0")/.."
scripts/setup.sh || { echo "0 passed, 1 failed"; exit 1; }
source scripts/env.sh
LOGS="$TARGET_DIR/test-logs"
mkdir -p "$LOGS"
export WASM_BINDGEN_TEST_WEBDRIVER_JSON="$ROOT/webdriver.json"
export CARGO_TERM_COLOR=never

passed=0
failed=0
failures=()

# A single pass/fail check.
check() {
  local name=$1; shift
  printf '%-44s' "$name"
  if "$@" >"$LOGS/$name.log" 2>&1; then
    echo "ok"; passed=$((passed + 1))
  else
    echo "FAILED (see $LOGS/$name.log)"; tail -n 30 "$LOGS/$name.log"
    failed=$((failed + 1)); failures+=("$name")
  fi
}

# A test runner whose own summary lines we add up ("test result: ... N passed; M failed").
cargo_tests() {
  local name=$1; shift
  printf '%-44s' "$name"
  "$@" >"$LOGS/$name.log" 2>&1
  local rc=$?
  local p f
  p=$(grep -Eo '[0-9]+ passed' "$LOGS/$name.log" | awk '{s+=$1} END {print s+0}')
  f=$(grep -Eo '[0-9]+ failed' "$LOGS/$name.log" | awk '{s+=$1} END {print s+0}')
  if [ "$rc" -ne 0 ] && [ "$f" -eq 0 ]; then f=1; fi   # a build failure counts as a failure
  echo "$p passed, $f failed"
  if [ "$rc" -ne 0 ]; then tail -n 40 "$LOGS/$name.log"; failures+=("$name"); fi
  passed=$((passed + p)); failed=$((failed + f))
}

# node's test runner: "# pass N" / "# fail N".
node_tests() {
  local name=$1; shift
  printf '%-44s' "$name"
  "$@" >"$LOGS/$name.log" 2>&1
  local rc=$?
  local p f
  p=$(awk '/^# pass /{s+=$3} END {print s+0}' "$LOGS/$name.log")
  f=$(awk '/^# fail /{s+=$3} END {print s+0}' "$LOGS/$name.log")
  if [ "$rc" -ne 0 ] && [ "$f" -eq 0 ]; then f=1; fi
  echo "$p passed, $f failed"
  if [ "$rc" -ne 0 ]; then grep -B2 -A20 '^not ok' "$LOGS/$name.log" | head -60; failures+=("$name"); fi
  passed=$((passed + p)); failed=$((failed + f))
}

# The wasm browser tests import this bundle (fake-ap, @forge/bridge); clippy --all-targets too.
check bundle-test-support node scripts/bundle-test-support.mjs
check fmt cargo fmt --all --check
check clippy-native cargo clippy --workspace --all-targets -- -D warnings
# The release bins again with `split` (its wasm_split points are compiled only there).
check clippy-wasm32 bash -c 'cargo clippy --target wasm32-unknown-unknown -p ticklist --all-targets -- -D warnings && cargo clippy --target wasm32-unknown-unknown -p ticklist --bins --features split -- -D warnings && cargo clippy --target wasm32-unknown-unknown -p ticklist --bins --features split,settings-bundle -- -D warnings && cargo clippy --target wasm32-unknown-unknown -p ticklist-core --lib -- -D warnings'
cargo_tests native-tests cargo test --workspace
check core-benchmarks bash -c 'cargo bench -p ticklist-core --bench core -- --warm-up-time 0.3 --measurement-time 1 --noplot && node scripts/bench-report.mjs'
check release-bundle-and-size scripts/build.sh
check size-report node scripts/size-report.mjs
cargo_tests browser-tests cargo test --target wasm32-unknown-unknown -p ticklist
node_tests descriptor-tests node --test deploy/tests/
check build-jira-sim cargo build -p jira-sim
# A free port, so a second run (or anything else on 18181) cannot collide.
E2E_PORT=$(node -e "const s=require('net').createServer().listen(0,'127.0.0.1',()=>{console.log(s.address().port);s.close()})")
export E2E_PORT
cargo_tests e2e npx playwright test --config e2e/playwright.config.mjs --reporter=list

echo
[ -f "$TARGET_DIR/size-report.txt" ] && { echo "size report ($TARGET_DIR/size-report.txt):"; cat "$TARGET_DIR/size-report.txt"; }
[ -f "$TARGET_DIR/bench-report.txt" ] && { echo "benchmarks ($TARGET_DIR/bench-report.txt):"; cat "$TARGET_DIR/bench-report.txt"; }
[ -f "$TARGET_DIR/perf-report.txt" ] && { echo "browser performance ($TARGET_DIR/perf-report.txt):"; cat "$TARGET_DIR/perf-report.txt"; }
[ ${#failures[@]} -gt 0 ] && echo "failed layers: ${failures[*]}"
echo "$passed passed, $failed failed"
[ "$failed" -eq 0 ]
