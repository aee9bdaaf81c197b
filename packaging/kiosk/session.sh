#!/usr/bin/env bash
# The SignageKiosk X session (/usr/share/xsessions/signagekiosk.desktop): the station screen's login user runs the
# board full-screen and nothing else. Waits for the kiosk host, lets it switch the display (screen hours), then
# hands over to the kiosk shell, which restarts Chromium whenever it exits. Unpaired, the board shows the
# six-character pairing code.
set -uo pipefail

config="${SIGNAGEKIOSK_CONFIG:-/etc/signagekiosk/kiosk.json}"
shell="$(dirname "$(readlink -f "$0")")/start-kiosk.sh"
# The board's memory budget (decision 0060): the session (Chromium and its window manager) runs in a systemd scope with
# MemoryHigh= this, so the kernel drops the code pages Chromium ran once at start instead of keeping them, and the box
# stays small (docs/benchmarks.md, "A station box in memory budgets"). "none" runs it without one.
budget="${SIGNAGEKIOSK_BOARD_MEMORY_HIGH:-368M}"
url="http://127.0.0.1:5090/"
# The board's address: the kiosk host's first Urls entry in its settings; an "any address" host is this machine.
if [ -r "$config" ]; then
  configured="$(sed -n 's/.*"Urls"[[:space:]]*:[[:space:]]*"\([^";]*\).*/\1/p' "$config" | head -n 1)"
  if [ -n "$configured" ]; then
    url="$(printf '%s' "${configured%/}/" | sed -E 's#//(0\.0\.0\.0|\*|\+|\[::\])#//127.0.0.1#')"
  fi
fi

# Chromium does not retry a refused first load: wait (up to two minutes) until the host answers.
hostport="$(printf '%s' "$url" | sed -E 's#^[a-z]+://([^/]+).*#\1#')"
host="${hostport%:*}"
port="${hostport##*:}"
[ "$port" = "$hostport" ] && port=80
for _ in $(seq 120); do
  (exec 3<>"/dev/tcp/$host/$port") 2>/dev/null && break
  sleep 1
done

# The kiosk host runs as its own user; it may switch this display off and on (xset dpms) outside screen hours.
command -v xhost >/dev/null && xhost +SI:localuser:signagekiosk-kiosk >/dev/null 2>&1

# A scope of the user's own systemd (which is given the memory controller). Without a user manager the board runs all
# the same, without a budget, as it does in effect under cgroup v1, where systemd does not apply MemoryHigh=.
if [ "$budget" != none ] && command -v systemd-run >/dev/null \
  && systemd-run --user --scope --quiet --property=MemoryHigh="$budget" -- true >/dev/null 2>&1; then
  exec systemd-run --user --scope --quiet --unit="signagekiosk-board-$$" --property=MemoryHigh="$budget" -- "$shell" --url "$url"
fi
[ "$budget" = none ] || echo "session: no systemd user manager to give the board its memory budget ($budget); starting it without one" >&2
exec "$shell" --url "$url"
