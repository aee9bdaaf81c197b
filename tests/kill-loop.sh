#!/usr/bin/env bash
# The kill loop, outside CI (it takes tens of minutes): while staff publish through the API, the controller (one node,
# SQLite) is SIGKILLed FAULT_KILLS times (default 200) at random moments; then, on PostgreSQL, a node at random among
# FAULT_NODES (default 3) behind HAProxy, the same number of times. Afterwards every publish that was answered must be
# on every kiosk exactly once and in order (tests Integration/ControllerKillTests and Cluster/NodeKillTests, which CI
# runs with a few kills). Prints each run's counts and duration; docs/fault-tests.md keeps the last figures.
set -euo pipefail
cd "$(dirname "$0")/.."
export DOTNET_CLI_TELEMETRY_OPTOUT=1 DOTNET_NOLOGO=1
export FAULT_KILLS="${FAULT_KILLS:-200}" FAULT_NODES="${FAULT_NODES:-3}"
dotnet build SignageKiosk.sln -c Debug --nologo -v q
status=0
for test in Integration.ControllerKillTests Cluster.NodeKillTests; do
  log="$(mktemp)"
  started=$(date +%s)
  dotnet test tests/SignageKiosk.Tests -c Debug --no-build --nologo --filter "FullyQualifiedName~$test" \
    --logger "console;verbosity=detailed" >"$log" 2>&1 || status=1
  took=$(( $(date +%s) - started ))
  result="$(grep -Eo '^\s*(Passed|Failed)\s+SignageKiosk\S+' "$log" | head -n 1 | xargs)"
  summary="$(grep -E 'SIGKILLs' "$log" | head -n 1 | xargs)"
  echo "$test (FAULT_KILLS=$FAULT_KILLS, FAULT_NODES=$FAULT_NODES, seed ${FAULT_SEED:-default}): ${result:-no result} in ${took} s"
  echo "  ${summary:-no summary; log: $log}"
  [ "$status" -eq 0 ] || { echo "  log: $log"; grep -E 'Assert|Error Message|Exception' -A3 "$log" | head -n 20; }
done
exit $status
