#!/usr/bin/env bash
# Runs every test of the solution on a fresh machine that has the .NET SDK, Node/npm and apt.
# Installs what the tests need (Chromium from apt for the browser tests; Azurite and maildev from npm for
# the blob store and alert mail tests), then prints
# the plain line "N passed, N failed" last.
set -uo pipefail
cd "$(dirname "$0")/.."

results="${SHELFCLOUD_TEST_RESULTS:-$PWD/TestResults}"
mkdir -p "$results"
export SHELFCLOUD_TEST_RESULTS="$results/screenshots"

install_chromium() {
  [ -x /usr/bin/chromium ] && return 0
  echo "Installing Chromium (apt) for the browser tests..."
  local sudo=""
  [ "$(id -u)" -ne 0 ] && sudo="sudo"
  $sudo apt-get update -qq >/dev/null && DEBIAN_FRONTEND=noninteractive $sudo apt-get install -y -qq chromium >/dev/null
}
install_chromium || echo "warning: could not install Chromium; browser tests will fail with a clear message"

install_node_servers() {
  [ -x node_modules/.bin/azurite-blob ] && [ -x node_modules/.bin/maildev ] && return 0
  echo "Installing Azurite and maildev (npm ci, package-lock.json) for the Azure blob store and alert mail tests..."
  npm ci --no-audit --no-fund >/dev/null
}
install_node_servers || echo "warning: could not install Azurite and maildev; the blob store and mail tests will fail with a clear message"

log="$results/test-output.log"
dotnet test --solution ShelfCloud.sln 2>&1 | tee "$log"
status=${PIPESTATUS[0]}

# Microsoft.Testing.Platform ends with a summary: "total: N", "failed: N", "succeeded: N", "skipped: N".
total=$(grep -E '^\s+total: [0-9]+' "$log" | tail -1 | grep -oE '[0-9]+')
failed=$(grep -E '^\s+failed: [0-9]+' "$log" | tail -1 | grep -oE '[0-9]+')
passed=$(grep -E '^\s+succeeded: [0-9]+' "$log" | tail -1 | grep -oE '[0-9]+')
skipped=$(grep -E '^\s+skipped: [0-9]+' "$log" | tail -1 | grep -oE '[0-9]+')
if [ -z "$total" ]; then
  echo "The build or the test run failed before any summary (see $log)."
  echo "0 passed, 1 failed"
  exit 1
fi
[ "${skipped:-0}" -gt 0 ] && echo "${skipped} skipped (servers not given here: see the test output for the reason)"
if [ "$status" -ne 0 ] && [ "${failed:-0}" -eq 0 ]; then failed=1; fi
echo "${passed:-0} passed, ${failed:-0} failed"
[ "${failed:-0}" -eq 0 ]
