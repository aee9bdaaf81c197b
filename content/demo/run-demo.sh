#!/usr/bin/env bash
# Builds SignageKiosk and brings up a controller and one kiosk on the embedded defaults (SQLite on both
# sides) with the demo community from content/demo, then prints the URLs and the admin sign-in.
# Ctrl+C stops both. Options: --keep (reuse the last demo's data instead of starting fresh).
# Environment: CONTROLLER_PORT (5080), KIOSK_PORT (5090), SIGNAGEKIOSK_ADMIN_PASSWORD (random).
set -euo pipefail
root="$(cd "$(dirname "$0")/../.." && pwd)"
cd "$root"

keep=false
for arg in "$@"; do
  case "$arg" in
    --keep) keep=true ;;
    *) echo "unknown option: $arg" >&2; exit 2 ;;
  esac
done

controller_port="${CONTROLLER_PORT:-5080}"
kiosk_port="${KIOSK_PORT:-5090}"
data="$root/.data/demo"
export DOTNET_CLI_TELEMETRY_OPTOUT=1 DOTNET_NOLOGO=1

# Fonts for the board's Chinese (and Chromium to look at it on this machine); skipped without root.
if [ "$(id -u)" -eq 0 ] || command -v sudo >/dev/null 2>&1; then
  bash .ci/setup || echo "warning: could not install Chromium/CJK fonts; the board may show boxes" >&2
fi

echo "Building..."
dotnet build SignageKiosk.sln -c Release --nologo -v quiet >/dev/null

if [ "$keep" = false ]; then
  rm -rf "$data"
fi
mkdir -p "$data/controller" "$data/kiosk"
password_file="$data/admin-password"
if [ -n "${SIGNAGEKIOSK_ADMIN_PASSWORD:-}" ]; then
  password="$SIGNAGEKIOSK_ADMIN_PASSWORD"
elif [ -f "$password_file" ]; then
  password="$(cat "$password_file")"
else
  password="$(head -c 12 /dev/urandom | base64 | tr -dc 'A-Za-z0-9' | head -c 12)"
fi
(umask 077; printf '%s' "$password" > "$password_file")

pids=()
cleanup() {
  for pid in "${pids[@]}"; do kill "$pid" 2>/dev/null || true; done
  wait 2>/dev/null || true
}
trap cleanup EXIT INT TERM

wait_for() {
  for _ in $(seq 1 150); do
    if curl -fsS "$1" >/dev/null 2>&1; then return 0; fi
    sleep 0.2
  done
  echo "$2 did not start; see $3" >&2
  exit 1
}

SIGNAGEKIOSK_ADMIN_PASSWORD="$password" dotnet controller/bin/Release/net10.0/SignageKiosk.Controller.dll \
  --contentRoot "$root/controller" \
  --urls "http://127.0.0.1:$controller_port" \
  --Storage:DataDirectory="$data/controller" \
  --Demo:ContentPath="$root/content/demo/community.json" \
  --Demo:KioskCredentialDirectory="$data/credentials" \
  >"$data/controller.log" 2>&1 &
pids+=($!)
wait_for "http://127.0.0.1:$controller_port/healthz" "The controller" "$data/controller.log"

dotnet kiosk/bin/Release/net10.0/SignageKiosk.Kiosk.dll \
  --contentRoot "$root/kiosk" \
  --urls "http://127.0.0.1:$kiosk_port" \
  --Kiosk:ControllerUrl="http://127.0.0.1:$controller_port" \
  --Kiosk:CredentialFile="$data/credentials/kiosk-lobby.credential" \
  --Kiosk:DataDirectory="$data/kiosk" \
  >"$data/kiosk.log" 2>&1 &
pids+=($!)
wait_for "http://127.0.0.1:$kiosk_port/healthz" "The kiosk" "$data/kiosk.log"

cat <<INFO

SignageKiosk demo is running (Ctrl+C stops it).

  Board (kiosk, open in a browser):   http://127.0.0.1:$kiosk_port/
  Kiosk health:                       http://127.0.0.1:$kiosk_port/healthz
  Staff pages (controller):           http://127.0.0.1:$controller_port/admin
  Admin sign-in:                      admin / $password
  Controller API:                     http://127.0.0.1:$controller_port/api/   (OpenAPI: /openapi/v1.json, health: /healthz)

  Publish a notice and watch the board change:
    token=\$(curl -s -X POST http://127.0.0.1:$controller_port/api/auth/token -H 'content-type: application/json' \\
      -d '{"username":"admin","password":"$password"}' | sed -E 's/.*"token":"([^"]+)".*/\1/')
    curl -s -X POST http://127.0.0.1:$controller_port/api/notices -H "authorization: Bearer \$token" \\
      -H 'content-type: application/json' -d '{"title":"今晚七点小板凳议事会","priority":"pinned","target":{"placeId":"compound-dangui"}}'

  Logs and data: $data
INFO

wait -n "${pids[@]}"
echo "a process stopped; see the logs in $data" >&2
exit 1
