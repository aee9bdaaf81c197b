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
  # CI keeps only the log's tail, so the failures are repeated here, just before the summary line.
  if [ "${failed:-0}" != "0" ]; then
    echo "Failed tests:"
    if command -v python3 >/dev/null; then
      python3 - "$trx" <<'PY' || true
import sys, xml.etree.ElementTree as ET
ns = {"t": "http://microsoft.com/schemas/VisualStudio/TeamTest/2010"}
for r in ET.parse(sys.argv[1]).getroot().iterfind(".//t:UnitTestResult[@outcome='Failed']", ns):
    message = r.findtext("t:Output/t:ErrorInfo/t:Message", "", ns).strip()
    print("  " + r.get("testName", "?"))
    for line in message.splitlines()[:12]:
        print("      " + line)
PY
    else
      grep -o 'testName="[^"]*"[^>]*outcome="Failed"' "$trx" | sed 's/testName="\([^"]*\)".*/  \1/' || true
    fi
  fi
  echo "Tests: ${passed:-0} passed, ${failed:-0} failed, $(( ${total:-0} - ${executed:-0} )) skipped"
fi
exit $status
