#!/usr/bin/env bash
# Builds the Debian packages signagekiosk-controller and signagekiosk-kiosk with dpkg-deb: self-contained .NET builds
# (a station needs no .NET runtime), laid out as docs/packaging.md describes. The version is the <Version> in
# Directory.Build.props.
#
# usage: packaging/build-debs.sh [--arch amd64|arm64|all] [--apps controller|kiosk|all] [--out DIR] [--compression xz|gzip|zstd|none]
#   --arch         the Debian architecture to build for; all (the default) builds amd64 and arm64
#   --apps         which package to build; all (the default) builds both
#   --out          where the .deb files go (default: dist/ in the repository)
#   --compression  dpkg-deb's compressor (default xz, the smallest; gzip builds several times faster)
set -euo pipefail
root="$(cd "$(dirname "$0")/.." && pwd)"
here="$root/packaging"

arch=all
apps=all
out="$root/dist"
compression=xz
log() { printf 'build-debs: %s\n' "$*" >&2; }
die() { log "$*"; exit 2; }
usage() { sed -n 's/^# \{0,1\}//; 6,10p' "$0"; }

while [ $# -gt 0 ]; do
  case "$1" in
    --arch) [ $# -ge 2 ] || die "--arch needs a value"; arch="$2"; shift 2 ;;
    --apps) [ $# -ge 2 ] || die "--apps needs a value"; apps="$2"; shift 2 ;;
    --out) [ $# -ge 2 ] || die "--out needs a value"; out="$2"; shift 2 ;;
    --compression) [ $# -ge 2 ] || die "--compression needs a value"; compression="$2"; shift 2 ;;
    --arch=*) arch="${1#*=}"; shift ;;
    --apps=*) apps="${1#*=}"; shift ;;
    --out=*) out="${1#*=}"; shift ;;
    --compression=*) compression="${1#*=}"; shift ;;
    -h | --help) usage; exit 0 ;;
    *) usage >&2; die "unknown argument: $1" ;;
  esac
done
case "$arch" in
  amd64 | arm64) arches=("$arch") ;;
  all) arches=(amd64 arm64) ;;
  *) die "--arch wants amd64, arm64 or all, not $arch" ;;
esac
case "$apps" in controller | kiosk | all) ;; *) die "--apps wants controller, kiosk or all, not $apps" ;; esac
case "$compression" in xz | gzip | zstd | none) ;; *) die "--compression wants xz, gzip, zstd or none" ;; esac
command -v dotnet >/dev/null || die "the .NET SDK (dotnet) is needed to build"
command -v dpkg-deb >/dev/null || die "dpkg-deb is needed (Debian's dpkg)"

version="$(sed -n 's#.*<Version>\([^<]*\)</Version>.*#\1#p' "$root/Directory.Build.props" | head -n 1)"
[[ "$version" =~ ^[0-9][A-Za-z0-9.+~-]*$ ]] || die "no usable <Version> in Directory.Build.props: '$version'"
mkdir -p "$out"
out="$(cd "$out" && pwd)"
export DOTNET_CLI_TELEMETRY_OPTOUT=1 DOTNET_NOLOGO=1 DOTNET_SKIP_FIRST_TIME_EXPERIENCE=1

work="$(mktemp -d "${TMPDIR:-/tmp}/signagekiosk-debs.XXXXXX")"
trap 'rm -rf "$work"' EXIT

# The build runs on a copy of the sources, so it never touches the checkout's bin/ and obj/ (a Debug build or a test
# run may be using them at the same time).
mkdir -p "$work/src"
tar -C "$root" --exclude=bin --exclude=obj --exclude=.data \
  -cf - .editorconfig Directory.Build.props Directory.Packages.props shared hosting controller kiosk content/layouts \
  | tar -C "$work/src" -xf -

# The ELF machine of a file (x86-64, aarch64, other), read from its header: no `file` needed.
elf_machine() {
  [ "$(head -c 4 "$1" | od -An -c | tr -d ' ')" = '177ELF' ] || { echo none; return; }
  case "$(od -An -tx1 -j18 -N2 "$1" | tr -d ' \n')" in
    3e00) echo x86-64 ;;
    b700) echo aarch64 ;;
    *) echo other ;;
  esac
}

# Fails when any ELF file under $1 is built for another machine than $2 (a native library from the wrong runtimes/ folder).
check_machine() {
  local dir="$1" want="$2" file machine bad=0
  while IFS= read -r -d '' file; do
    machine="$(elf_machine "$file")"
    if [ "$machine" != none ] && [ "$machine" != "$want" ]; then
      log "$file is $machine, not $want"
      bad=1
    fi
  done < <(find "$dir" -type f -print0)
  [ "$bad" -eq 0 ] || die "wrong native code in the $want build"
}

publish() {
  local project="$1" rid="$2" dest="$3"
  log "publishing $project for $rid (self-contained)"
  dotnet publish "$work/src/$project" -c Release -r "$rid" --self-contained -o "$dest" -nologo -v quiet \
    -p:ErrorOnDuplicatePublishOutputFiles=true >"$work/publish.log" 2>&1 || { cat "$work/publish.log" >&2; die "dotnet publish $project failed"; }
  rm -f "$dest"/appsettings.Development.json
}

# One package: $1 name (controller|kiosk), $2 Debian arch, $3 the staged tree (DEBIAN/ and the files).
pack() {
  local app="$1" deb_arch="$2" tree="$3" size
  size="$(du -sk --exclude=DEBIAN "$tree" | cut -f1)"
  sed -e "s/@VERSION@/$version/" -e "s/@ARCH@/$deb_arch/" -e "s/@SIZE@/$size/" "$here/$app/control" >"$tree/DEBIAN/control"
  # Readable by all, executable by all where the owner may execute (the apps, createdump, scripts): the services run
  # as their own users. The publish leaves some at 0744.
  chmod -R u+rw,go=rX "$tree"
  dpkg-deb --root-owner-group "-Z$compression" --build "$tree" "$out/signagekiosk-${app}_${version}_${deb_arch}.deb" >/dev/null
  log "built $out/signagekiosk-${app}_${version}_${deb_arch}.deb"
}

# The parts both packages lay out the same way: app, settings (a conffile), unit, maintainer scripts, docs.
stage() {
  local app="$1" tree="$2"
  mkdir -p "$tree/DEBIAN" "$tree/etc/signagekiosk" "$tree/lib/systemd/system" "$tree/usr/share/doc/signagekiosk-$app"
  install -m 0644 "$here/$app/$app.json" "$tree/etc/signagekiosk/$app.json"
  echo "/etc/signagekiosk/$app.json" >"$tree/DEBIAN/conffiles"
  install -m 0644 "$here/$app/signagekiosk-$app.service" "$tree/lib/systemd/system/signagekiosk-$app.service"
  install -m 0755 "$here/$app/postinst" "$here/$app/prerm" "$here/$app/postrm" "$tree/DEBIAN/"
  install -m 0644 "$root/docs/packaging.md" "$tree/usr/share/doc/signagekiosk-$app/packaging.md"
}

for deb_arch in "${arches[@]}"; do
  case "$deb_arch" in
    amd64) rid=linux-x64 machine=x86-64 ;;
    arm64) rid=linux-arm64 machine=aarch64 ;;
  esac

  if [ "$apps" != kiosk ]; then
    tree="$work/controller-$deb_arch"
    publish controller/SignageKiosk.Controller.csproj "$rid" "$tree/usr/lib/signagekiosk/controller"
    check_machine "$tree" "$machine"
    stage controller "$tree"
    pack controller "$deb_arch" "$tree"
  fi
  [ "$apps" != controller ] || continue

  tree="$work/kiosk-$deb_arch"
  publish kiosk/SignageKiosk.Kiosk.csproj "$rid" "$tree/usr/lib/signagekiosk/kiosk"
  check_machine "$tree" "$machine"
  stage kiosk "$tree"
  install -D -m 0755 "$root/kiosk/shell/start-kiosk.sh" "$tree/usr/lib/signagekiosk/kiosk/shell/start-kiosk.sh"
  install -m 0755 "$here/kiosk/session.sh" "$tree/usr/lib/signagekiosk/kiosk/shell/session.sh"
  install -m 0755 "$here/kiosk/kiosk-launch" "$tree/usr/lib/signagekiosk/kiosk-launch"
  install -D -m 0644 "$here/kiosk/signagekiosk.desktop" "$tree/usr/share/xsessions/signagekiosk.desktop"
  install -D -m 0644 "$here/kiosk/lightdm-autologin.conf" "$tree/usr/share/doc/signagekiosk-kiosk/examples/lightdm-autologin.conf"
  pack kiosk "$deb_arch" "$tree"
done
