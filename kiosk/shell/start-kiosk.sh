#!/usr/bin/env bash
# The kiosk shell: shows the board full-screen on this station's screen with Debian's Chromium, and keeps
# it there. Chromium is restarted whenever it exits; SIGTERM/SIGINT stops Chromium, the window manager
# and (with --xvfb) the X server this script started.
#
# usage: start-kiosk.sh [--url URL] [--display :N] [--xvfb WxH] [--profile DIR]
#   --url      the board (default http://127.0.0.1:5090/, the kiosk host)
#   --display  the X display (default $DISPLAY, or :0)
#   --xvfb     start a virtual X server of that size on --display and stop it on exit
#              (test rigs and headless boxes)
#   --profile  Chromium's user data directory (default ~/.local/share/signagekiosk/chromium)
set -euo pipefail

url="http://127.0.0.1:5090/"
display="${DISPLAY:-:0}"
xvfb_size=""
profile="${HOME}/.local/share/signagekiosk/chromium"

log() { printf 'start-kiosk: %s\n' "$*" >&2; }
usage() { sed -n 's/^# \{0,1\}//; 6,11p' "$0"; }
die() { log "$*"; exit 2; }

while [ $# -gt 0 ]; do
  case "$1" in
    --url) [ $# -ge 2 ] || die "--url needs a value"; url="$2"; shift 2 ;;
    --display) [ $# -ge 2 ] || die "--display needs a value"; display="$2"; shift 2 ;;
    --xvfb) [ $# -ge 2 ] || die "--xvfb needs a value"; xvfb_size="$2"; shift 2 ;;
    --profile) [ $# -ge 2 ] || die "--profile needs a value"; profile="$2"; shift 2 ;;
    --url=*) url="${1#*=}"; shift ;;
    --display=*) display="${1#*=}"; shift ;;
    --xvfb=*) xvfb_size="${1#*=}"; shift ;;
    --profile=*) profile="${1#*=}"; shift ;;
    -h | --help) usage; exit 0 ;;
    *) usage >&2; die "unknown argument: $1" ;;
  esac
done

if [ -n "$xvfb_size" ]; then
  [[ "$xvfb_size" =~ ^([0-9]+)x([0-9]+)$ ]] || die "--xvfb wants WIDTHxHEIGHT, e.g. 1920x1080"
  [[ "$display" =~ ^:([0-9]+)$ ]] || die "--xvfb wants a local display like :99, not $display"
  command -v Xvfb >/dev/null || die "Xvfb is not installed (apt-get install xvfb)"
fi
command -v chromium >/dev/null || die "chromium is not installed (apt-get install chromium)"
command -v matchbox-window-manager >/dev/null || die "matchbox-window-manager is not installed"
# Not fatal: without these fonts Chinese or emoji in a notice show as empty boxes; the board still runs.
if command -v fc-list >/dev/null; then
  [ -n "$(fc-list : family | grep -i "Noto Color Emoji")" ] || log "warning: no colour emoji font (apt-get install fonts-noto-color-emoji); emoji will show as boxes"
  [ -n "$(fc-list :lang=zh family)" ] || log "warning: no Chinese font (apt-get install fonts-noto-cjk); Chinese will show as boxes"
fi
case "$profile" in /*) ;; *) profile="$PWD/$profile" ;; esac  # Chromium resolves it against its own cwd otherwise
export DISPLAY="$display"

xvfb_pid=""
wm_pid=""
browser_pid=""
sleep_pid=""
stopping=0

# Stops what this script started, newest first. Runs on every exit, also after an error.
cleanup() {
  local status=$?
  trap - TERM INT
  stop_browser
  [ -n "$sleep_pid" ] && kill "$sleep_pid" 2>/dev/null || true
  stop_pid "$wm_pid" "window manager"
  stop_pid "$xvfb_pid" "Xvfb"
  exit "$status"
}

# SIGTERM, then SIGKILL when it does not go within 5 s.
stop_pid() {
  local pid="$1" name="$2" i
  [ -n "$pid" ] && kill -0 "$pid" 2>/dev/null || return 0
  kill -TERM "$pid" 2>/dev/null || true
  for i in $(seq 50); do
    kill -0 "$pid" 2>/dev/null || break
    sleep 0.1
  done
  if kill -0 "$pid" 2>/dev/null; then
    log "$name (pid $pid) did not stop; killing it"
    kill -KILL "$pid" 2>/dev/null || true
  fi
  wait "$pid" 2>/dev/null || true
}

# Chromium runs in its own process group (setsid), so its renderers, GPU process and zygote go with it.
stop_browser() {
  [ -n "$browser_pid" ] || return 0
  stop_pid "$browser_pid" "chromium"
  kill -KILL -- "-$browser_pid" 2>/dev/null || true
  browser_pid=""
}

trap cleanup EXIT
# The handler only raises a flag: the loop below notices it, and the EXIT trap does the stopping.
trap 'stopping=1' TERM INT

start_xvfb() {
  local n="${display#:}"
  if [ -e "/tmp/.X${n}-lock" ] || [ -e "/tmp/.X11-unix/X${n}" ]; then
    die "display $display is already in use; pick another --display"
  fi
  Xvfb "$display" -screen 0 "${xvfb_size}x24" -nolisten tcp -nocursor &
  xvfb_pid=$!
  local i
  for i in $(seq 100); do
    [ -S "/tmp/.X11-unix/X${n}" ] && return 0
    kill -0 "$xvfb_pid" 2>/dev/null || die "Xvfb on $display exited at start"
    [ "$stopping" -eq 0 ] || return 0
    sleep 0.1
  done
  die "Xvfb on $display did not come up within 10 s"
}

# The window size Chromium opens with; --kiosk then keeps it full-screen. Falls back to 1920x1080.
screen_size() {
  local size=""
  if [ -n "$xvfb_size" ]; then
    size="$xvfb_size"
  elif command -v xdpyinfo >/dev/null; then
    size="$(xdpyinfo 2>/dev/null | awk '/dimensions:/ { print $2; exit }')" || size=""
  elif command -v xrandr >/dev/null; then
    size="$(xrandr --current 2>/dev/null | sed -n 's/.* current \([0-9]*\) x \([0-9]*\),.*/\1x\2/p' | head -n 1)" || size=""
  fi
  [[ "$size" =~ ^[0-9]+x[0-9]+$ ]] || size="1920x1080"
  echo "${size/x/,}"
}

# --kiosk is ignored without a window manager; no title bars, and no cursor on a touchscreen.
# Started again if it has died, before each browser start.
ensure_wm() {
  if [ -z "$wm_pid" ] || ! kill -0 "$wm_pid" 2>/dev/null; then
    [ -n "$wm_pid" ] && log "window manager exited; starting it again"
    matchbox-window-manager -use_titlebar no -use_cursor no &
    wm_pid=$!
  fi
}

# The screen stays on; the kiosk host decides screen hours, not the X server's screen saver.
disable_blanking() {
  command -v xset >/dev/null || return 0
  xset s off -dpms s noblank >/dev/null 2>&1 || log "xset could not turn off screen blanking (ignored)"
}

# Chromium's own preferences for this profile: Translate off (a lang="zh-CN" page would otherwise offer
# a translation bubble), and the last exit marked clean so no "restore pages" bubble follows a crash or
# a power cut. Chromium writes this file as one line of compact JSON; only these keys are changed.
prepare_profile() {
  local prefs="$profile/Default/Preferences"
  mkdir -p -m 700 "$profile" "$profile/Default"
  if [ ! -s "$prefs" ] || ! grep -q '[^{}[:space:]]' "$prefs"; then
    printf '%s' '{"profile":{"exit_type":"Normal","exited_cleanly":true},"translate":{"enabled":false}}' >"$prefs"
    return 0
  fi
  local tmp="$prefs.signagekiosk.tmp"
  # -z reads the whole file as one record, so a hand-edited file with line breaks is handled too.
  sed -z -E \
    -e 's/"exit_type"[[:space:]]*:[[:space:]]*"[^"]*"/"exit_type":"Normal"/g' \
    -e 's/"exited_cleanly"[[:space:]]*:[[:space:]]*false/"exited_cleanly":true/g' \
    -e 's/"translate"[[:space:]]*:[[:space:]]*\{[^{}]*\}/"translate":{"enabled":false}/' \
    "$prefs" >"$tmp"
  if ! grep -q '"translate":{"enabled":false}' "$tmp"; then
    sed -z -i -E 's/^([[:space:]]*)\{/\1{"translate":{"enabled":false},/' "$tmp"
  fi
  if ! grep -q '"profile"[[:space:]]*:' "$tmp"; then
    sed -z -i -E 's/^([[:space:]]*)\{/\1{"profile":{"exit_type":"Normal","exited_cleanly":true},/' "$tmp"
  fi
  mv -f "$tmp" "$prefs"
}

# The process model and features are cut to what one trusted page on loopback needs (docs/decisions/0052): a station
# box has 1-2 GB for Chromium, the kiosk host and the X server together.
#   --app            an app window: no toolbar, so no WebUI renderer for the reload button and the location bar
#   --renderer-process-limit=1 --disable-site-isolation-trials
#                    one renderer; the board is one origin on 127.0.0.1 that this box serves itself, with nothing to
#                    isolate it from, and no spare renderer kept warm
#   --disable-field-trial-config
#                    Chromium's code defaults, not the experiments the testing config of this build turns on
#   --enable-low-end-device-mode
#                    smaller caches and V8 heap growth, as on low-memory devices
#   --disk-cache-size  the board is loopback pages and media the host keeps; 8 MB of HTTP cache is plenty
#   --optimization-guide-performance-class=7
#                    the class Chromium's on-device AI model check gives a box drawing in software ("GPU blocked"),
#                    given instead of measured: the check starts a utility process 3 minutes after every start with a
#                    new profile or a new Chromium version, and that process stayed for as long as Chromium ran
#                    (about 19 MB PSS, 8 MB of it anonymous); no feature switch stops it (docs/decisions/0061)
#   NetworkServiceInProcess2
#                    the network service in the browser process, not a utility process of its own: about 15-20 MB less
#                    (a short soak, docs/benchmarks.md); a crash in it now takes the browser down, and this script starts
#                    the browser again
# Extensions and the features below are not used by a board: MediaRouter (casting), OptimizationHints and model
# downloads, BackForwardCache (the board never navigates back), Prerender2, HeavyAdIntervention, the WebUI toolbar.
flags=(
  --kiosk --noerrdialogs --disable-infobars --disable-session-crashed-bubble --no-first-run
  --disable-background-networking --disable-component-update --disable-sync --disable-quic
  --disable-translate
  --overscroll-history-navigation=0 --disable-pinch --check-for-update-interval=31536000
  --autoplay-policy=no-user-gesture-required
  --renderer-process-limit=1 --disable-site-isolation-trials --disable-field-trial-config
  --disable-extensions --disable-component-extensions-with-background-pages --disable-default-apps
  --disable-features=Translate,TranslateUI,OverscrollHistoryNavigation,TouchpadOverscrollHistoryNavigation,MediaRouter,DialMediaRouteProvider,OptimizationHints,OptimizationHintsFetching,OptimizationGuideModelDownloading,BackForwardCache,Prerender2,HeavyAdIntervention,SpareRendererForSitePerProcess,WebUIReloadButton,WebUIToolbar,InitialWebUI
  --enable-features=NetworkServiceInProcess2
  --disk-cache-size=8388608 --enable-low-end-device-mode --optimization-guide-performance-class=7
)
# Without a GPU (a virtual X server, or no render node) Chromium would run a GPU process around a software
# rasterizer: draw in software and keep the compositor in the browser process instead.
if [ -n "$xvfb_size" ] || ! compgen -G "/dev/dri/renderD*" >/dev/null; then
  flags+=(--disable-gpu --in-process-gpu)
fi
# Chromium refuses to start as root unless its sandbox is off.
[ "$(id -u)" -eq 0 ] && flags+=(--no-sandbox)

if [ -n "$xvfb_size" ]; then
  start_xvfb
  log "Xvfb $xvfb_size on $display (pid $xvfb_pid)"
fi
window_size="$(screen_size)"

while [ "$stopping" -eq 0 ]; do
  ensure_wm
  disable_blanking
  prepare_profile
  # setsid: its own process group, so stopping it reaches every Chromium child. Not a group leader here
  # (no job control), so setsid execs in place and $! is the browser itself.
  setsid chromium "${flags[@]}" "--user-data-dir=$profile" --window-position=0,0 "--window-size=$window_size" "--app=$url" &
  browser_pid=$!
  log "chromium started (pid $browser_pid) on $display, ${window_size/,/x}, showing $url"
  code=0
  wait "$browser_pid" || code=$?
  # A trapped signal interrupts wait while Chromium still runs: keep waiting unless we are stopping.
  while [ "$stopping" -eq 0 ] && kill -0 "$browser_pid" 2>/dev/null; do
    code=0
    wait "$browser_pid" || code=$?
  done
  [ "$stopping" -eq 0 ] || break
  stop_browser  # what is left of its process group
  log "chromium exited with code $code; starting it again in 2 s"
  sleep 2 &
  sleep_pid=$!
  wait "$sleep_pid" || true
  sleep_pid=""
done

log "stopping"
exit 0
