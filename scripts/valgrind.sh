#!/usr/bin/env bash
# valgrind.sh - runs test programs under Valgrind's memcheck, the SM workers and the compiler
# helper included (--trace-children), and fails when any process reports a memory error or a
# definite leak.  Threads still running at exit (the command processors) are "possibly lost"
# by design and not reported.  bash, tr and python3, which tests start, are not traced (their own
# exit-time leaks are not ours); /bin/sh is, so the vgpu tool a sim test runs through it is checked.
#
#   scripts/valgrind.sh                 # the API tests and a few kernel and fault tests
#   scripts/valgrind.sh api_test_event  # named test programs of build/bin
#   scripts/valgrind.sh kernel-test=cl/ndrange/vadd.cl  # a kernel test file of tests/kernels/
#   FUZZ_SEED=7 scripts/valgrind.sh vir_sim_fuzz_compiled  # sim_* tests too (one fuzz seed)
#   environment: VGPU_BUILD_DIR (default <repo>/build, built by scripts/build.sh)
set -uo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
build="${VGPU_BUILD_DIR:-$root/build}"
command -v valgrind >/dev/null || { echo "valgrind.sh: valgrind is not installed (scripts/setup.sh)" >&2; exit 1; }
[ -f "$build/bin/libVirtualGPU.so" ] || bash "$root/scripts/build.sh"
cd "$build/bin"
if [ $# -eq 0 ]; then
  set -- api_test_* kernels_test_ndrange_basic kernels_test_ndrange_printf kernels_test_ndrange_counters \
         kernel-test=cl/builtins/sync.cl kernel-test=cl/faults/oob_notify.cl kernel-test=cl/faults/bounds_granule.cl
fi
logs="$build/valgrind-logs"
rm -rf "$logs" && mkdir -p "$logs"
# The test environment of CTest (tests/CMakeLists.txt): the build tree's ICD, its compile cache
# (warm after one ctest run, so LLVM itself rarely runs under Valgrind), a generous watchdog.
export OCL_ICD_VENDORS="$build/vgpu-test.icd" VGPU_CACHE_DIR="$build/test-cache"
export VGPU_SOURCE_DIR="$root" VGPU_BUILD_DIR="$build" VGPU_WATCHDOG=600
# The engine-level tests (sim_*: kernels_sim_observers, vir_sim_fuzz_compiled) skip without these.
export VGPU_SM_HELPER="$build/bin/vgpu-sm" VGPU_TOOL="$build/bin/vgpu"
export VGPU_LLVM_AS="${VGPU_LLVM_AS:-$(sed -n 's/^VGPU_LLVM_AS:[A-Z]*=//p' "$build/CMakeCache.txt")}"
failed=0
for t in "$@"; do
  start=$(date +%s)
  cmd=("./$t")
  if [[ $t == kernel-test=* ]]; then  # the kernel test runner on one file
    cmd=(./kernel-test "$root/tests/kernels/${t#kernel-test=}")
    t="kernel-test_$(basename "${t%.cl}")"
  fi
  valgrind -q --trace-children=yes --trace-children-skip='*/bash,*/tr,*/python3*' --error-exitcode=99 --leak-check=full --show-possibly-lost=no \
    --errors-for-leak-kinds=definite --log-file="$logs/$t.%p.log" "${cmd[@]}" >"$logs/$t.out" 2>&1
  rc=$?
  # An error in a child (an SM, the compiler helper) does not change the test's exit status.
  errs=$(cat "$logs/$t".*.log 2>/dev/null | grep -c '^==[0-9]*== [A-Z].*\(Invalid\|uninitialised\|definitely lost\|Mismatched\|overlap\)')
  verdict=clean
  if [ "$rc" -eq 99 ] || [ "$errs" -ne 0 ]; then verdict="memory errors (see $logs/$t.*.log)"; failed=1
  elif [ "$rc" -eq 77 ]; then verdict="skipped (see $logs/$t.out)"
  elif [ "$rc" -ne 0 ]; then verdict="test failed with status $rc (see $logs/$t.out)"; failed=1
  fi
  printf '%-40s %4ss  %s\n' "$t" $(( $(date +%s) - start )) "$verdict"
done
exit $failed
