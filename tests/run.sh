#!/usr/bin/env bash
# Runs every test: installs what the tests need (Chromium, CJK fonts), builds the solution and runs the
# unit, integration and end-to-end tests. Prints a one-line summary at the end.
set -euo pipefail
cd "$(dirname "$0")/.."

bash .ci/setup
export DOTNET_CLI_TELEMETRY_OPTOUT=1 DOTNET_NOLOGO=1 DOTNET_SKIP_FIRST_TIME_EXPERIENCE=1

results="$(mktemp -d)"
status=0
dotnet build SignageKiosk.sln -c Debug --nologo -v minimal
dotnet test SignageKiosk.sln -c Debug --no-build --nologo \
  --logger "console;verbosity=normal" --logger "trx;LogFileName=results.trx" --results-directory "$results" || status=$?

trx="$(find "$results" -name '*.trx' | head -n 1)"
if [ -n "$trx" ]; then
  counters="$(grep -o '<Counters [^>]*>' "$trx" | head -n 1)"
  get() { echo "$counters" | grep -o " $1=\"[0-9]*\"" | grep -o '[0-9]*'; }
  passed="$(get passed)"; failed="$(get failed)"; total="$(get total)"; executed="$(get executed)"
  echo "Tests: ${passed:-0} passed, ${failed:-0} failed, $(( ${total:-0} - ${executed:-0} )) skipped"
fi
exit $status
