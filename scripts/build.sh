#!/usr/bin/env bash
# build.sh [TARGET...] - configures and builds VirtualGPU in build/ (or $VGPU_BUILD_DIR) with
# $VGPU_JOBS jobs (2): everything, or only the named CMake targets (scripts/demo.sh builds just
# what it runs).  One line per phase says what is happening and how long it took; the compiler's
# output appears only when something fails or warns.
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
build="${VGPU_BUILD_DIR:-$root/build}"
jobs="${VGPU_JOBS:-2}"
start=$SECONDS

if [ -f "$build/CMakeCache.txt" ]; then
  echo "build.sh: [1/2] configuring $build (cmake)..."
else
  echo "build.sh: [1/2] configuring a new build tree $build (cmake: finds Clang/LLVM 19 and OpenCL)..."
fi
cmake -S "$root" -B "$build" -DCMAKE_BUILD_TYPE="${CMAKE_BUILD_TYPE:-RelWithDebInfo}" >/dev/null

what="everything (library, helper, examples, tests, benchmark)"
targets=()
if [ $# -gt 0 ]; then
  what="$*"
  for t in "$@"; do targets+=(--target "$t"); done
fi
fresh=""
[ -f "$build/bin/vgpu" ] || fresh="; a first build compiles the OpenCL C builtin library with Clang and links LLVM into the vgpu helper: minutes on 2 cores"
echo "build.sh: [2/2] building $what with $jobs jobs$fresh..."
# Make's "Building C object" lines are dropped: what is left is warnings, errors and progress of
# the custom steps (the builtin library).
set +e
cmake --build "$build" -j "$jobs" "${targets[@]}" 2>&1 | grep --line-buffered -v -E '^\[ *[0-9]+%\] (Building|Linking|Built target)|^gmake|^make|^Consolidate|^Scanning|^Dependee'
status=${PIPESTATUS[0]}
set -e
if [ "$status" -ne 0 ]; then
  echo "build.sh: the build failed (exit status $status); the errors are above" >&2
  exit "$status"
fi
echo "build.sh: built in $((SECONDS - start)) s"
