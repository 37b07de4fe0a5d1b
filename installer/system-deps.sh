#!/usr/bin/env bash
# Installs the Debian packages nyanland needs to run and to be tested: Python's venv,
# the shared libraries Qt 6 and WeasyPrint (Pango, HarfBuzz) load, a virtual screen (xvfb)
# and the PDF tools the tests use.
# Packages named as arguments are added (installer/build asks for patchelf).
# Does nothing when everything is already there, so `make run` stays quick after the first time.
set -euo pipefail

packages=(
  python3 python3-venv python3-pip
  libgl1 libegl1 libxkbcommon0 libxkbcommon-x11-0 libfontconfig1 libdbus-1-3
  libxcb-cursor0 libxcb-icccm4 libxcb-keysyms1 libxcb-shape0 libxcb-xinerama0
  libxcb-randr0 libxcb-render-util0 libxcb-image0 libxcb-xkb1
  libpango-1.0-0 libpangoft2-1.0-0 libharfbuzz-subset0
  fonts-dejavu-core xvfb poppler-utils postgresql appstream
  "$@"
)

missing=()
for p in "${packages[@]}"; do
  dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed" || missing+=("$p")
done
[ ${#missing[@]} -eq 0 ] && exit 0

if ! command -v apt-get >/dev/null 2>&1; then
  echo "nyanland: these system packages are missing and apt-get is not available: ${missing[*]}" >&2
  exit 1
fi
sudo=""
[ "$(id -u)" -eq 0 ] || sudo="sudo"
echo "Installing system packages: ${missing[*]}"
$sudo apt-get update -qq
DEBIAN_FRONTEND=noninteractive $sudo apt-get install -y -qq "${missing[@]}"
