#!/usr/bin/env bash
# demo.sh - the demo command: installs what is missing, builds, shows the VirtualGPU platform as
# clinfo sees it through the real ICD loader, then runs the examples (from the build tree: nothing
# is installed on the system).
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
build="${VGPU_BUILD_DIR:-$root/build}"
bash "$root/scripts/setup.sh"
bash "$root/scripts/build.sh"
# Restrict the loader to the build tree's library.
export OCL_ICD_VENDORS="$build/vgpu-test.icd"

echo
echo "== clinfo: the VirtualGPU platform as any OpenCL program sees it"
clinfo
echo
echo "== clinfo --list"
clinfo --list

# The examples, in the order docs/tour.md presents them.
for name in vecmul convolution matmul reduction histogram divergence multigpu; do
  exe="$build/examples/$name"
  [ -x "$exe" ] || continue
  echo
  echo "== example: $name"
  (cd "$build/examples" && "$exe")
done
