#!/usr/bin/env bash
# test.sh - the test command: installs what is missing, builds, runs every CTest suite.  It installs
# Chromium too (setup.sh --with-browser), so that the `vgpu report` page is tested in a real browser.
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
build="${VGPU_BUILD_DIR:-$root/build}"
bash "$root/scripts/setup.sh" --with-browser
bash "$root/scripts/build.sh"
cd "$build"
ctest --output-on-failure -j "${VGPU_JOBS:-2}" "$@"
