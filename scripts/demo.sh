#!/usr/bin/env bash
# demo.sh - the demo command: installs what is missing, builds, shows the VirtualGPU platform as
# clinfo sees it through the real ICD loader, then runs the examples (from the build tree: nothing
# is installed on the system).
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
build="${VGPU_BUILD_DIR:-$root/build}"
examples=(vecmul convolution matmul reduction histogram divergence blur multigpu heat matmul_split allreduce) # the order of docs/tour.md
targets=(VirtualGPU vgpu vgpu-sm)
for name in "${examples[@]}"; do targets+=("example_$name"); done
targets+=(example_mpi_heat) # MPI + OpenCL: run with mpirun below
# --targets: print the CMake targets the demo builds (CTest docs/demo_targets checks they exist).
if [ "${1:-}" = "--targets" ]; then
  printf '%s\n' "${targets[@]}"
  exit 0
fi
echo "demo.sh: installs the Debian packages that are missing, builds what the demo runs (the library,"
echo "         the vgpu helper and SM worker, the examples: not the tests), then runs clinfo and the examples"
bash "$root/scripts/setup.sh"
bash "$root/scripts/build.sh" "${targets[@]}"
# Restrict the loader to the build tree's library.
export OCL_ICD_VENDORS="$build/vgpu-test.icd"

echo
echo "== clinfo: the VirtualGPU platform as any OpenCL program sees it"
clinfo
echo
echo "== clinfo --list"
clinfo --list

# The examples.  Each checks its result against the CPU and prints PASS or FAIL; divergence prints
# its own counters (it sets VGPU_COUNTERS=1), so does blur (images: VGPU_IMAGES=1 until they are
# advertised), multigpu gets two devices,
# heat, matmul_split and allreduce four in a ring of peer links.  A failing example is reported and the others still run.
failed=""
for name in "${examples[@]}"; do
  exe="$build/examples/$name"
  [ -x "$exe" ] || continue
  echo
  echo "== example: $name   (source: examples/$name/$name.c and $name.cl)"
  envs=()
  [ "$name" = multigpu ] && envs=(VGPU_DEVICES=2)
  [ "$name" = blur ] && envs=(VGPU_IMAGES=1)
  case "$name" in heat | matmul_split | allreduce) envs=(VGPU_DEVICES=4 VGPU_TOPOLOGY=ring) ;; esac
  (cd "$build/examples" && env "${envs[@]}" "$exe" --platform VirtualGPU) || failed="$failed $name"
done
echo
echo "== example: mpi_heat on 2 MPI ranks, each with its own VirtualGPU device"
(cd "$build/examples" && mpirun --allow-run-as-root --oversubscribe -n 2 ./mpi_heat --platform VirtualGPU) ||
  failed="$failed mpi_heat"
echo
echo "== one launch seen through the hardware counters: VGPU_COUNTERS=1 examples/matmul --n 64"
VGPU_COUNTERS=1 "$build/examples/matmul" --platform VirtualGPU --n 64 || failed="$failed matmul-counters"
echo
if [ -n "$failed" ]; then
  echo "== examples FAILED:$failed"
  exit 1
fi
echo "== all examples passed.  What each one did on the virtual hardware: docs/tour.md"
