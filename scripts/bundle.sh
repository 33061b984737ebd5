#!/usr/bin/env bash
# Builds the release bundle of `edge` for ARM boards: one folder and one .tar.gz per runtime,
# each with the self-contained, ReadyToRun, trimmed program (the publish profiles under
# tools/Edge.Cli/Properties/PublishProfiles), install.sh, edge.service, edge.json and README.md.
# No test data goes in: the sample recordings and golden cases in ../shared are test fixtures only.
#
#   scripts/bundle.sh                     linux-arm64 and linux-arm
#   scripts/bundle.sh linux-arm64         one runtime
#   OUT=/tmp/dist scripts/bundle.sh ...   somewhere else than artifacts/bundle
set -euo pipefail
cd "$(dirname "$0")/.."

export DOTNET_CLI_TELEMETRY_OPTOUT=1 DOTNET_NOLOGO=1
out="${OUT:-artifacts/bundle}"
version="$(git describe --tags --always --dirty 2>/dev/null || date -u +%Y%m%d)"
[ $# -gt 0 ] || set -- linux-arm64 linux-arm

for rid in "$@"; do
  [ -f "tools/Edge.Cli/Properties/PublishProfiles/$rid.pubxml" ] || { echo "bundle: no publish profile for '$rid'" >&2; exit 2; }
  name="edge-$version-$rid"
  root="$out/$name"
  rm -rf "$root" "$out/$name.tar.gz"
  mkdir -p "$root"
  echo "== $name"
  # Its own artifacts tree, so a bundle never picks up a concurrent debug build.
  EDGE_ARTIFACTS="bundle-$rid" dotnet publish tools/Edge.Cli -p:PublishProfile="$rid" -o "$root/bin"
  cp deploy/install.sh deploy/edge.service deploy/edge.json deploy/README.md "$root/"
  chmod 0755 "$root/install.sh" "$root/bin/edge"
  echo "$version $rid" > "$root/VERSION"

  # Test fixtures must never ship: refuse a bundle that holds any file of ../shared.
  if [ -d ../shared ]; then
    fixtures="$(cd ../shared && find . -type f \( -path './data/*' -o -path './golden/*' \) -printf '%f\n' | sort -u | grep -v -x -e SOURCES.md -e README.md)"
    leaked="$(while read -r f; do find "$root" -name "$f" -print; done <<< "$fixtures")"
    if [ -n "$leaked" ]; then
      echo "bundle: test data found in the bundle: $leaked" >&2
      exit 1
    fi
  fi
  tar -C "$out" -czf "$out/$name.tar.gz" "$name"
  echo "$out/$name.tar.gz: $(du -sh "$root" | cut -f1) unpacked, $(du -h "$out/$name.tar.gz" | cut -f1) packed"
done
