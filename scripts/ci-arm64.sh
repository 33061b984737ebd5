#!/usr/bin/env bash
# The ARM step of CI: builds the linux-arm64 release bundle and runs it under qemu-aarch64 user
# emulation: `edge golden ../shared/golden` must pass with no case skipped (its exit code says so) and `edge demo --samples 10` must complete
# (no accuracy or timing check under emulation). Then it installs the bundle into a staging root
# with install.sh, checks the unit with systemd-analyze verify where that exists, and runs the
# unit's ExecStart command directly for a few seconds. Installs qemu-user and the arm64 C/C++
# runtime (Debian multiarch) when they are missing; run as root or with sudo available.
set -euo pipefail
cd "$(dirname "$0")/.."

step() { echo "== arm64: $*"; }
fail() { echo "ci-arm64: $*" >&2; exit 1; }

# 1. Emulation: qemu-aarch64 and the arm64 loader/libraries (the app runs with invariant
#    globalization, so libicu is not needed).
need=()
command -v qemu-aarch64 > /dev/null || need+=(qemu-user)
for pkg in libc6:arm64 libstdc++6:arm64 libgcc-s1:arm64; do
  dpkg-query -W -f='${Status}' "$pkg" 2> /dev/null | grep -q "ok installed" || need+=("$pkg")
done
if [ ${#need[@]} -gt 0 ]; then
  step "installing ${need[*]}"
  sudo=""
  [ "$(id -u)" = 0 ] || sudo="sudo"
  dpkg --print-foreign-architectures | grep -qx arm64 || $sudo dpkg --add-architecture arm64
  $sudo apt-get update -qq
  DEBIAN_FRONTEND=noninteractive $sudo apt-get install -y -qq --no-install-recommends "${need[@]}"
fi
export DOTNET_EnableWriteXorExecute=0   # W^X double mapping does not work under qemu-user

# 2. The bundle, exactly as released.
out="artifacts/ci-arm64"
rm -rf "$out"
OUT="$out" scripts/bundle.sh linux-arm64
root="$(echo "$out"/edge-*-linux-arm64)"
[ -x "$root/bin/edge" ] || fail "the bundle has no bin/edge ($root)"
edge=(qemu-aarch64 "$root/bin/edge")

# 3. The runtime on arm64 against the reference cases, and the short demo.
step "edge golden ../shared/golden"
"${edge[@]}" golden ../shared/golden
step "edge demo --samples 10"
"${edge[@]}" demo --samples 10

# 4. The service: install into a staging root, check the unit, run its ExecStart for a short time.
stage="$PWD/$out/stage"
rm -rf "$stage"
step "install.sh --dry-run, then --destdir $stage"
"$root/install.sh" --dry-run --destdir "$stage" > /dev/null
[ ! -e "$stage/opt" ] || fail "install.sh --dry-run changed $stage"
"$root/install.sh" --destdir "$stage"
unit="$stage/etc/systemd/system/edge.service"
for f in "$stage/opt/edge/bin/edge" "$stage/etc/edge/edge.json" "$unit"; do
  [ -e "$f" ] || fail "install.sh did not install $f"
done
again="$("$root/install.sh" --destdir "$stage")"
[[ "$again" == *"keeping $stage/etc/edge/edge.json"* ]] || fail "a second install must keep the existing edge.json: $again"

staged() { sed -e "s#/opt/edge#$stage/opt/edge#g" -e "s#/etc/edge#$stage/etc/edge#g"; }
if command -v systemd-analyze > /dev/null; then
  step "systemd-analyze verify"
  # The unit as installed, with its paths moved into the staging root so its ExecStart exists;
  # any message (an unknown key, a bad value, a missing command) fails the step.
  mkdir -p "$out/unit"
  staged < "$unit" > "$out/unit/edge.service"
  report="$(systemd-analyze verify "$out/unit/edge.service" 2>&1)" || fail "systemd-analyze verify: $report"
  [ -z "$report" ] || fail "systemd-analyze verify: $report"
else
  step "systemd-analyze not available: unit not verified"
fi

exec_start="$(sed -n 's/^ExecStart=//p' "$unit")"
[ -n "$exec_start" ] || fail "no ExecStart in $unit"
step "ExecStart for 8 s: $exec_start"
read -r -a command <<< "$(echo "$exec_start" | staged)"
state="$stage/var/lib/edge"
# The environment overrides the installed config: the checkpoint goes into the staging root.
EDGE_DURATION=8s EDGE_METRICS_EVERY=2s EDGE_CHECKPOINT="$state" qemu-aarch64 "${command[@]}"
compgen -G "$state/checkpoint-*.safetensors" > /dev/null || fail "the service's run left no checkpoint in $state"
step "passed"
