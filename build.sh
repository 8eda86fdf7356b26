#!/usr/bin/env bash
# SyncStudio build entry point.
#   ./build.sh test   installs what the tests need (Debian's chromium for the browser tests, the dotnet local
#                     tools), then runs every test (unit, integration, components, end-to-end) in Release.
#   ./build.sh bench  runs the benchmark driver (see docs/benchmarks.md).
set -euo pipefail
cd "$(dirname "$0")"

configuration=${CONFIGURATION:-Release}
results=${TEST_RESULTS:-artifacts/test-results}

ensure_chromium() {
  if [ -x /usr/bin/chromium ]; then return; fi
  echo "Installing Debian's chromium for the browser tests..."
  local sudo=""
  if [ "$(id -u)" -ne 0 ]; then sudo="sudo"; fi
  $sudo apt-get update -qq
  DEBIAN_FRONTEND=noninteractive $sudo apt-get install -y -qq chromium >/dev/null
}

case "${1:-test}" in
  test)
    ensure_chromium
    dotnet tool restore >/dev/null
    rm -rf "$results"
    dotnet test SyncStudio.sln -c "$configuration" --results-directory "$results" --report-xunit-trx "${@:2}"
    ;;
  bench)
    dotnet run -c Release --project SyncStudio.Bench -- "${@:2}"
    ;;
  *)
    echo "usage: ./build.sh [test|bench] [extra arguments]" >&2
    exit 2
    ;;
esac
