#!/usr/bin/env bash
# Installs an Edge bundle on a board: the self-contained `edge` under PREFIX (/opt/edge), the
# default configuration under CONFDIR (/etc/edge, never overwritten), and the systemd unit.
#
#   sudo ./install.sh                 install, reload systemd; then: sudo systemctl enable --now edge
#   sudo ./install.sh --enable        ... and enable and start the service
#   ./install.sh --dry-run            print what would be done, change nothing
#   ./install.sh --destdir /tmp/root  install into a staging root (packaging, CI); no systemctl
#
# Options: --prefix DIR (default /opt/edge), --confdir DIR (default /etc/edge),
#          --unitdir DIR (default /etc/systemd/system), --bin DIR (the published edge folder;
#          default: bin/ beside this script, as in the release bundle).
# DESTDIR in the environment works like --destdir.
set -euo pipefail

here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
prefix=/opt/edge
confdir=/etc/edge
unitdir=/etc/systemd/system
bindir="$here/bin"
destdir="${DESTDIR:-}"
dry_run=0
enable=0

die() { echo "install.sh: $*" >&2; exit 2; }

while [ $# -gt 0 ]; do
  case "$1" in
    --prefix) prefix="${2:?--prefix needs a folder}"; shift 2 ;;
    --confdir) confdir="${2:?--confdir needs a folder}"; shift 2 ;;
    --unitdir) unitdir="${2:?--unitdir needs a folder}"; shift 2 ;;
    --bin) bindir="${2:?--bin needs the published edge folder}"; shift 2 ;;
    --destdir) destdir="${2:?--destdir needs a folder}"; shift 2 ;;
    --dry-run|-n) dry_run=1; shift ;;
    --enable) enable=1; shift ;;
    -h|--help) sed -n '2,15p' "$0" | sed 's/^# \{0,1\}//'; exit 0 ;;
    *) die "unknown option '$1' (see --help)" ;;
  esac
done

case "$prefix$confdir$unitdir" in *" "*) die "paths with spaces are not supported" ;; esac
[ -x "$bindir/edge" ] || die "no published edge at '$bindir/edge' (run from the release bundle, or pass --bin)"
for f in edge.service edge.json; do
  [ -f "$here/$f" ] || die "missing $here/$f beside the script"
done
if [ -n "$destdir" ]; then
  destdir="$(mkdir -p "$destdir" && cd "$destdir" && pwd)"
elif [ "$dry_run" = 0 ] && [ "$(id -u)" != 0 ]; then
  die "installing into / needs root (sudo), or use --destdir DIR or --dry-run"
fi

run() {
  if [ "$dry_run" = 1 ]; then
    echo "would run: $*"
  else
    "$@"
  fi
}

# 1. The program: replace the previous version as a whole (a stale assembly must not linger).
echo "edge -> $destdir$prefix"
run mkdir -p "$destdir$prefix"
run rm -rf "$destdir$prefix/bin"
run cp -R "$bindir" "$destdir$prefix/bin"
run chmod 0755 "$destdir$prefix/bin/edge"
[ -f "$here/README.md" ] && run install -m 0644 "$here/README.md" "$destdir$prefix/README.md"

# 2. The configuration: the user's edge.json is never overwritten; the shipped default goes beside it.
run mkdir -p "$destdir$confdir"
if [ -e "$destdir$confdir/edge.json" ]; then
  echo "config: keeping $destdir$confdir/edge.json; the shipped default is edge.json.default"
  run install -m 0644 "$here/edge.json" "$destdir$confdir/edge.json.default"
else
  echo "config -> $destdir$confdir/edge.json"
  run install -m 0644 "$here/edge.json" "$destdir$confdir/edge.json"
fi

# 3. The unit, with the chosen paths.
echo "unit -> $destdir$unitdir/edge.service"
run mkdir -p "$destdir$unitdir"
if [ "$dry_run" = 1 ]; then
  echo "would write $destdir$unitdir/edge.service (ExecStart=$prefix/bin/edge run --config $confdir/edge.json)"
else
  sed -e "s#/opt/edge#$prefix#g" -e "s#/etc/edge#$confdir#g" "$here/edge.service" > "$destdir$unitdir/edge.service"
  chmod 0644 "$destdir$unitdir/edge.service"
fi

# 4. Check the configuration with the installed program, where it runs on this machine.
if [ "$dry_run" = 0 ] && "$destdir$prefix/bin/edge" --help > /dev/null 2>&1; then
  "$destdir$prefix/bin/edge" run --config "$destdir$confdir/edge.json" --print-config > /dev/null
  echo "config: $destdir$confdir/edge.json is valid"
fi

# 5. systemd, only when installing into the running system.
if [ -z "$destdir" ] && command -v systemctl > /dev/null 2>&1; then
  run systemctl daemon-reload
  if [ "$enable" = 1 ]; then
    run systemctl enable --now edge.service
  else
    echo "next: sudo systemctl enable --now edge   (logs: journalctl -u edge -f)"
  fi
fi
