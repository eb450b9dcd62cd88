#!/usr/bin/env bash
# observer_cost.sh [BUILD_DIR] - what the observers cost the SMs, counted rather than timed: the
# instructions the SM processes execute (valgrind's callgrind, Ir) for one vgpu-bench run of
# vadd, sgemm_tiled and reduce, with no observer, VGPU_COUNTERS=1, VGPU_PROFILE and all four
# observers at once.  Instruction counts do not depend on how busy the machine is (wall times on a
# shared machine vary by several times), so they compare builds and settings exactly; they do not
# count the host or the compiler.  Takes a few minutes.
set -u
build=$(cd "${1:-build}" && pwd)
scratch=$(mktemp -d "${TMPDIR:-/tmp}/vgpu-observer-cost.XXXXXX")
trap 'rm -rf "$scratch"' EXIT
export OCL_ICD_VENDORS="$build/vgpu-test.icd" VGPU_CACHE_DIR="$scratch/cache"
# instructions SETTING...: the SM processes' Ir with the given VGPU_* settings
instructions() {
  local out="$scratch/run.$RANDOM"
  mkdir -p "$out"
  env "$@" valgrind --tool=callgrind --trace-children=yes --trace-children-skip='*/bin/vgpu' \
    --callgrind-out-file="$out/cg.%p" "$build/bin/vgpu-bench" --kernels vadd,sgemm_tiled,reduce --reps 3 \
    --warmup 0 --build-reps 1 > "$out/log" 2>&1
  for _ in $(seq 60); do # the SMs write their counts when they exit, after the bench
    local pending=0
    for f in "$out"/cg.*; do grep -aq '^totals' "$f" || pending=1; done
    [ $pending = 0 ] && break
    sleep 1
  done
  local total=0
  for f in "$out"/cg.*; do
    if grep -aq '^cmd:.*vgpu-sm' "$f"; then total=$((total + $(grep -a '^totals' "$f" | awk '{print $2}'))); fi
  done
  echo "$total"
}
instructions VGPU_CACHE=1 > /dev/null # fills the kernel cache: later runs do not compile
none=$(instructions VGPU_CACHE=1)
printf '%-44s %14s %6s\n' "observers" "SM instructions" "ratio"
printf '%-44s %14d %6.2f\n' "none" "$none" 1
for setting in "VGPU_COUNTERS=1" "VGPU_PROFILE=$scratch/p.json" \
               "VGPU_PROFILE=$scratch/p.json VGPU_CHECKS=1 VGPU_TRACE=$scratch/t.txt"; do
  n=$(instructions $setting)
  printf '%-44s %14d %6.2f\n' "${setting//$scratch\//}" "$n" "$(echo "$n / $none" | bc -l)"
done
