#!/usr/bin/env bash
# Brings up SignageKiosk as several nodes on loopback, like the demo script: a PostgreSQL cluster (Debian's
# postgresql, in the data folder), three controller nodes sharing it, HAProxy (Debian's haproxy) in front of them
# with no sticky sessions, and one kiosk connected through HAProxy, with the demo community from content/demo.
# Prints the URLs and the admin sign-in. Ctrl+C stops everything. Options: --keep (reuse the last cluster's data),
# --print-haproxy-cfg (print the HAProxy configuration it would use, from content/cluster/haproxy.cfg.template, and exit).
# Environment: LB_PORT (5180), NODE_PORTS ("5181 5182 5183"), KIOSK_PORT (5190), PG_PORT (5442),
# LB_MAXCONN (4096: HAProxy needs two file descriptors per connection), SIGNAGEKIOSK_ADMIN_PASSWORD (random).
set -euo pipefail
root="$(cd "$(dirname "$0")/../.." && pwd)"
cd "$root"

keep=false
print_haproxy_cfg=false
for arg in "$@"; do
  case "$arg" in
    --keep) keep=true ;;
    --print-haproxy-cfg) print_haproxy_cfg=true ;;
    *) echo "unknown option: $arg" >&2; exit 2 ;;
  esac
done

lb_port="${LB_PORT:-5180}"
read -r -a node_ports <<<"${NODE_PORTS:-5181 5182 5183}"
kiosk_port="${KIOSK_PORT:-5190}"
pg_port="${PG_PORT:-5442}"
data="$root/.data/cluster"
export DOTNET_CLI_TELEMETRY_OPTOUT=1 DOTNET_NOLOGO=1

# The configuration is content/cluster/haproxy.cfg.template, shared with the tests' LoadBalancer; rendered here with
# bash's own substitution (no sed or envsubst needed). The demo waits longer than the tests: 5s connects, 1s checks.
render_haproxy_cfg() {
  local cfg servers="" n=0 port
  for port in "${node_ports[@]}"; do
    n=$((n + 1))
    servers+="${servers:+$'\n'}    server node$n 127.0.0.1:$port"
  done
  cfg="$(<"$root/content/cluster/haproxy.cfg.template")"
  cfg="${cfg//"{{MAXCONN}}"/"${LB_MAXCONN:-4096}"}"
  cfg="${cfg//"{{CONNECT_TIMEOUT}}"/"5s"}"
  cfg="${cfg//"{{LISTEN_PORT}}"/"$lb_port"}"
  cfg="${cfg//"{{CHECK_INTERVAL}}"/"1s"}"
  cfg="${cfg//"{{SERVERS}}"/"$servers"}"
  if [[ "$cfg" == *"{{"* ]]; then
    echo "content/cluster/haproxy.cfg.template has a placeholder this script does not fill:" >&2
    grep -o '{{[A-Z_]*}}' <<<"$cfg" | sort -u >&2
    exit 1
  fi
  printf '%s\n' "$cfg"
}
if [ "$print_haproxy_cfg" = true ]; then
  render_haproxy_cfg
  exit 0
fi

if [ "$(id -u)" -eq 0 ] || command -v sudo >/dev/null 2>&1; then
  bash .ci/setup || echo "warning: could not install PostgreSQL/HAProxy/Chromium/CJK fonts" >&2
fi
pg_bin="$(ls -d /usr/lib/postgresql/*/bin 2>/dev/null | sort -V | tail -1)"
[ -x "$pg_bin/initdb" ] || { echo "PostgreSQL is not installed (apt-get install postgresql)" >&2; exit 1; }
command -v haproxy >/dev/null || [ -x /usr/sbin/haproxy ] || { echo "HAProxy is not installed (apt-get install haproxy)" >&2; exit 1; }
haproxy_bin="$(command -v haproxy || echo /usr/sbin/haproxy)"

echo "Building..."
dotnet build SignageKiosk.sln -c Release --nologo -v quiet >/dev/null
# The runtime's settings shipped beside the controller (gen0 budget, array pool; decision 0057), for the nodes only (not the
# kiosk), as the controller's systemd unit reads them.
mapfile -t controller_env < <(grep -E '^[A-Za-z_][A-Za-z0-9_]*=' controller/bin/Release/net10.0/runtime.env)

# initdb refuses to run as root: as root, the cluster runs as the postgres user the package created.
as_pg() { if [ "$(id -u)" -eq 0 ]; then runuser -u postgres -- "$@"; else "$@"; fi; }
pg_stop() { as_pg "$pg_bin/pg_ctl" -D "$data/pg" -m fast -w stop >/dev/null 2>&1 || true; }

if [ -d "$data/pg" ]; then pg_stop; fi
if [ "$keep" = false ]; then
  rm -rf "$data"
fi
mkdir -p "$data"
password_file="$data/admin-password"
if [ -n "${SIGNAGEKIOSK_ADMIN_PASSWORD:-}" ]; then
  password="$SIGNAGEKIOSK_ADMIN_PASSWORD"
elif [ -f "$password_file" ]; then
  password="$(cat "$password_file")"
else
  password="$(head -c 12 /dev/urandom | base64 | tr -dc 'A-Za-z0-9' | head -c 12)"
fi
(umask 077; printf '%s' "$password" > "$password_file")

if [ ! -d "$data/pg" ]; then
  mkdir -p "$data/pg"
  [ "$(id -u)" -eq 0 ] && chown postgres:postgres "$data/pg" "$data"
  as_pg "$pg_bin/initdb" -D "$data/pg" -U postgres --auth=trust -E UTF8 --locale=C.UTF-8 >"$data/initdb.log"
fi
as_pg "$pg_bin/pg_ctl" -D "$data/pg" -l "$data/pg.log" -w -o "-p $pg_port -k $data -c listen_addresses=127.0.0.1 -c max_connections=300" start >/dev/null
psql -h 127.0.0.1 -p "$pg_port" -U postgres -tAc "SELECT 1 FROM pg_database WHERE datname = 'signagekiosk'" | grep -q 1 \
  || psql -h 127.0.0.1 -p "$pg_port" -U postgres -qc "CREATE DATABASE signagekiosk"
store="Host=127.0.0.1;Port=$pg_port;Database=signagekiosk;Username=postgres"

pids=()
cleanup() {
  for pid in "${pids[@]}"; do kill "$pid" 2>/dev/null || true; done
  wait 2>/dev/null || true
  pg_stop
}
trap cleanup EXIT INT TERM

wait_for() {
  for _ in $(seq 1 200); do
    if curl -fsS "$1" >/dev/null 2>&1; then return 0; fi
    sleep 0.2
  done
  echo "$2 did not start; see $3" >&2
  exit 1
}

# The first node alone on an empty store: it migrates, creates the administrator, the key ring and the demo.
n=0
for port in "${node_ports[@]}"; do
  n=$((n + 1))
  # One data folder for every node, as a shared mount would be across machines: photos and kiosk builds are files in
  # it, and any node must serve what staff uploaded through another (decision 0040; each node checks it).
  mkdir -p "$data/shared"
  env "${controller_env[@]}" SIGNAGEKIOSK_ADMIN_PASSWORD="$password" dotnet controller/bin/Release/net10.0/SignageKiosk.Controller.dll \
    --contentRoot "$root/controller" \
    --urls "http://127.0.0.1:$port" \
    --Storage:Provider=PostgreSql \
    --Storage:ConnectionString="$store" \
    --Storage:DataDirectory="$data/shared" \
    --Demo:ImportOnFirstStart="$([ $n -eq 1 ] && echo true || echo false)" \
    --Demo:ContentPath="$root/content/demo/community.json" \
    --Demo:KioskCredentialDirectory="$data/credentials" \
    >"$data/node$n.log" 2>&1 &
  pids+=($!)
  wait_for "http://127.0.0.1:$port/healthz" "Controller node $n" "$data/node$n.log"
done

render_haproxy_cfg >"$data/haproxy.cfg"
"$haproxy_bin" -f "$data/haproxy.cfg" -db >"$data/haproxy.log" 2>&1 &
pids+=($!)
wait_for "http://127.0.0.1:$lb_port/healthz" "HAProxy" "$data/haproxy.log"

mkdir -p "$data/kiosk"
dotnet kiosk/bin/Release/net10.0/SignageKiosk.Kiosk.dll \
  --contentRoot "$root/kiosk" \
  --urls "http://127.0.0.1:$kiosk_port" \
  --Kiosk:ControllerUrl="http://127.0.0.1:$lb_port" \
  --Kiosk:CredentialFile="$data/credentials/kiosk-lobby.credential" \
  --Kiosk:DataDirectory="$data/kiosk" \
  >"$data/kiosk.log" 2>&1 &
kiosk_pid=$!
pids+=("$kiosk_pid")
wait_for "http://127.0.0.1:$kiosk_port/healthz" "The kiosk" "$data/kiosk.log"

nodes=""
n=0
for port in "${node_ports[@]}"; do
  n=$((n + 1))
  nodes="$nodes
  Node $n (direct):                    http://127.0.0.1:$port/admin   (log: $data/node$n.log)"
done
# The same kiosk without HAProxy, given the nodes themselves (README: "Without a load balancer"). Only printed: the
# script's kiosk goes through HAProxy. One credential is one board, so the printed command stops that kiosk first.
controller_urls=""
n=0
for port in "${node_ports[@]}"; do
  controller_urls="$controller_urls --Kiosk:ControllerUrls:$n=http://127.0.0.1:$port"
  n=$((n + 1))
done
printf -v kiosk_by_list 'kill %s; dotnet %q --contentRoot %q --urls %q%s --Kiosk:CredentialFile=%q --Kiosk:DataDirectory=%q' \
  "$kiosk_pid" "$root/kiosk/bin/Release/net10.0/SignageKiosk.Kiosk.dll" "$root/kiosk" "http://127.0.0.1:$kiosk_port" \
  "$controller_urls" "$data/credentials/kiosk-lobby.credential" "$data/kiosk"
cat <<INFO

SignageKiosk cluster is running (Ctrl+C stops it).

  Board (kiosk, through HAProxy):     http://127.0.0.1:$kiosk_port/
  Staff pages (through HAProxy):      http://127.0.0.1:$lb_port/admin
  Admin sign-in:                      admin / $password
  Controller API (through HAProxy):   http://127.0.0.1:$lb_port/api/   (health: /healthz)$nodes
  PostgreSQL:                         $store

  Stop a node (kill its process) and watch the kiosk reconnect through HAProxy to another one; publish through any node.
  Logs and data: $data

  The kiosk with the list of node URLs instead of HAProxy (it moves to the next node when one does not answer);
  this stops the kiosk started above and starts the same board in its place, in another terminal:
    $kiosk_by_list
INFO

# A node that stops is part of the demonstration: keep going until Ctrl+C.
wait
