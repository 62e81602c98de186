#!/usr/bin/env bash
# Fetch the pinned Natural Earth edition (world_map.gpkg in Debian's qgis-common package)
# into .cache/world_map.gpkg, for `python -m geodata build` and the rebuild test.
# Needs only Debian's package registry; does not install the package.
set -euo pipefail
cd "$(dirname "$0")/.."
target=.cache/world_map.gpkg
version=3.22.16+dfsg-1
sha=ff5cceefc4b27abea094fa82459d8aef9417023236c326a666978b62ffe85db2
if [ -f "$target" ] && echo "$sha  $target" | sha256sum -c --status; then
  echo "$target: present"; exit 0
fi
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
if ! (cd "$work" && apt-get download "qgis-common=$version" >/dev/null 2>&1); then
  [ "$(id -u)" = 0 ] && apt-get update -qq >/dev/null
  (cd "$work" && apt-get download "qgis-common=$version" >/dev/null)
fi
dpkg-deb -x "$work"/qgis-common_*.deb "$work/unpacked"
mkdir -p .cache
cp "$work/unpacked/usr/share/qgis/resources/data/world_map.gpkg" "$target"
echo "$sha  $target" | sha256sum -c
