#!/usr/bin/env bash
# run_mpi.sh EXE - the MPI example on 2 ranks on this machine (exit 77, skipped, when Open MPI's
# mpirun or the example, built only when CMake found MPI, is missing).  As root Open MPI needs
# --allow-run-as-root; --oversubscribe lets 2 ranks run on a machine with fewer free slots.
# Each rank must pass, and print its modelled link report (VGPU_COUNTERS=1 is set by CTest).
# HWLOC_COMPONENTS=-opencl: Open MPI's hwloc would otherwise open every OpenCL platform to list
# devices, loading VirtualGPU into mpirun itself (which, unsanitized, then refuses an ASan build of it).
# Under VGPU_SANITIZE the ranks check memory errors but not leaks: Open MPI's plugins (PMIx, hwloc)
# leave allocations that LeakSanitizer sees only as "<unknown module>" once they are unloaded, so
# no suppression can name them; VirtualGPU's own leak checks run in every other test.
[ -n "${ASAN_OPTIONS:-}" ] && export ASAN_OPTIONS="$ASAN_OPTIONS:detect_leaks=0"
set -u
exe=$1
command -v mpirun >/dev/null || { echo "no mpirun (Open MPI): skipped"; exit 77; }
[ -x "$exe" ] || { echo "$exe was not built (CMake found no MPI): skipped"; exit 77; }
out=$(cd "$(dirname "$exe")" && HWLOC_COMPONENTS=-opencl mpirun --allow-run-as-root --oversubscribe -n 2 "$exe" --platform VirtualGPU 2>&1)
rc=$?
echo "$out"
[ $rc = 0 ] || { echo "FAIL: mpirun exited $rc"; exit 1; }
[ "$(grep -c '^mpi_heat: PASS' <<<"$out")" = 2 ] || { echo "FAIL: not both ranks passed"; exit 1; }
[ "$(grep -c '^\[vgpu links\]' <<<"$out")" = 2 ] || { echo "FAIL: not both ranks reported their links"; exit 1; }
echo "both ranks passed and reported their links"
