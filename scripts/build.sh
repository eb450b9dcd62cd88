#!/usr/bin/env bash
# build.sh - configures and builds VirtualGPU in build/ (or $VGPU_BUILD_DIR), 2 jobs.
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
build="${VGPU_BUILD_DIR:-$root/build}"
cmake -S "$root" -B "$build" -DCMAKE_BUILD_TYPE="${CMAKE_BUILD_TYPE:-RelWithDebInfo}" >/dev/null
cmake --build "$build" -j "${VGPU_JOBS:-2}"
