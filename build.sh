#!/usr/bin/env bash
# SyncStudio build entry point.
#   ./build.sh test   installs what the tests need (Debian's chromium for the browser tests, the dotnet local
#                     tools), then runs every test (unit, integration, components, end-to-end) in Release.
#   ./build.sh bench all                   runs every benchmark scenario in sequence (~30-40 min on 2 cores), then
#                                          `report`: one table of the figures against their targets, printed and
#                                          written to SyncStudio.Bench/results/latest.md (see docs/benchmarks.md).
#   ./build.sh bench <scenario> [args]     runs one scenario (read, bulk, pull, push, webhook, api, bulk-approve,
#                                          review-render, review-browser, load, pullperf, core, report); each merges its figures
#                                          into SyncStudio.Bench/results/latest.json under "<scenario>:<size>".
#   ./build.sh bench                       prints this usage (a full run is 30-40 minutes: ask for it by name).
#   ./build.sh soak <histories> [seed]     runs the model-based test of the whole sync (docs/decisions/0011) with that
#                                          many histories (and from a printed seed), then prints the seed and wall time.
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

# The whole benchmark set, sized so it finishes in roughly 30-40 minutes on this 2-core machine (times measured or
# estimated there, other builds idle). A scenario that fails is reported and the rest still run; the exit code says so.
bench_all() {
  local scenarios=(
    # Paged reads on the Standard plan are rate-bound (100 points/s restore): ~6 min. The figure is points/s ÷ restore.
    "read 2000"
    # A bulk export of 100,000 products streamed through the client: ~1 min, plus seeding the simulator's store.
    "bulk 100000"
    # First pull, bulk-approve, applying every create locally (one transaction each, ~117/s), 5% edits, full and
    # incremental pulls, simulator in-process: ~2 min at 10,000.
    "pull 10000 5"
    # A push is rate-bound: ~48 points per change at 100 points/s is ~2.1 changes/s, so 10,000 would take ~80 min.
    # 200 changes (~1.5 min after the setup pull) measure the same rate: points/s ÷ the restore rate.
    "push 200"
    # A Shopify edit to a staged change through the real web app's webhook endpoint: 20 edits, < 1 min.
    "webhook 20"
    # The pull path at 100,000 against its ceilings (simulator in its own process, Plus plan): ~4-5 min.
    "pullperf 100000 5 1"
    # BenchmarkDotNet ShortRun of the pure core per product: ~1-2 min.
    "core"
    # GET /api/sync/staged, 25 query shapes x 40 calls, on 100,000 staged changes: ~2 min with seeding.
    "api 100000"
    # The same on 1,000,000 (seeds ~3.4 GB of SQLite): several minutes (~8).
    "api 1000000"
    # One set-based bulk approval of 100,000 changes (target < 5 s): ~1-2 min with seeding.
    "bulk-approve 100000"
    # The Review page's first page, server-rendered over HTTP, on 100,000 changes: ~1-2 min with seeding.
    "review-render 100000"
    # The same page in Debian's Chromium: first rows visible, and a change's detail after a click (< 1 s, < 200 ms).
    "review-browser 100000 20"
    # Mixed list / get / approve traffic from concurrent clients for 60 s on 100,000 changes: ~3 min with seeding.
    "load 100000 60"
  )
  # Build once (the bench's project reference builds SyncStudio.Web, which webhook and the staged scenarios start).
  dotnet build SyncStudio.Bench -c Release
  local failed=() started=$SECONDS
  for scenario in "${scenarios[@]}"; do
    echo "=== bench $scenario ($(date -u +%H:%M:%S) UTC, load $(cut -d' ' -f1-3 /proc/loadavg))"
    local begun=$SECONDS
    # shellcheck disable=SC2086 # the scenario's words are its arguments
    if ! dotnet run -c Release --no-build --project SyncStudio.Bench -- $scenario; then
      failed+=("$scenario")
    fi
    echo "=== bench $scenario took $((SECONDS - begun)) s"
  done
  dotnet run -c Release --no-build --project SyncStudio.Bench -- report
  echo "whole run: $(((SECONDS - started) / 60)) min"
  if [ ${#failed[@]} -gt 0 ]; then
    printf 'failed: %s\n' "${failed[@]}" >&2
    return 1
  fi
}

case "${1:-test}" in
  test)
    ensure_chromium
    dotnet tool restore >/dev/null
    # The model-based test runs one fixed seed here, so a red run names a regression, not a history never tried before;
    # ./build.sh soak searches new ones (a random seed unless given). Any seed can be set for a run.
    export SYNC_MODEL_SEED="${SYNC_MODEL_SEED:-0JMxccdEFuA2}"
    rm -rf "$results"
    dotnet test SyncStudio.sln -c "$configuration" --results-directory "$results" "${@:2}"
    ;;
  bench)
    case "${2:-}" in
      "")
        sed -n '2,/^set -euo/p' "$0" | sed '$d' | sed 's/^# \{0,1\}//' >&2
        exit 2
        ;;
      all)
        bench_all
        ;;
      *)
        dotnet run -c Release --project SyncStudio.Bench -- "${@:2}"
        ;;
    esac
    ;;
  soak)
    histories=${2:-10000}
    export SYNC_MODEL_HISTORIES="$histories"
    if [ -n "${3:-}" ]; then export SYNC_MODEL_SEED="$3"; fi
    dotnet build SyncStudio.Tests -c "$configuration"
    started=$SECONDS
    set +e
    # The model test reports its histories, cost per history and the failing seed on standard error.
    # SYNC_MODEL_KNOWN_DEFECTS (e.g. "N9", or "none") overrides the open defects the model steers around (KnownDefects.Open).
    dotnet test --project SyncStudio.Tests -c "$configuration" --no-build --output Detailed \
      --filter-method "*HistoriesOfTheWholeSyncKeepEveryPromise"
    status=$?
    set -e
    echo "soak: $histories histories, seed ${SYNC_MODEL_SEED:-random (a failure prints its own)}, known defects steered around: ${SYNC_MODEL_KNOWN_DEFECTS:-those KnownDefects.Open lists}, wall time $((SECONDS - started)) s"
    exit $status
    ;;
  *)
    echo "usage: ./build.sh [test|bench|soak] [extra arguments] (./build.sh bench for the benchmarks' usage)" >&2
    exit 2
    ;;
esac
