#!/usr/bin/env bash
# compare_builds.sh OLD_BUILD NEW_BUILD [ROUNDS] [SIZE...] - is a change slower?  Runs vgpu-bench
# from two build trees (each through its own vgpu-test.icd) in alternating rounds, so that both
# see the same machine load, and prints per kernel the median over the rounds of each run's median
# device time, the range of the rounds (the spread), and NEW/OLD.  A ratio whose ranges overlap is
# noise.  Build an old commit with: git worktree add /tmp/old COMMIT &&
# VGPU_BUILD_DIR=/tmp/old-build /tmp/old/scripts/build.sh VirtualGPU vgpu vgpu-bench
set -eu
old=$(cd "$1" && pwd)
new=$(cd "$2" && pwd)
rounds=${3:-8}
shift $(( $# < 3 ? $# : 3 ))
sizes=${*:-small medium}
out=$(mktemp -d "${TMPDIR:-/tmp}/vgpu-compare.XXXXXX")
trap 'rm -rf "$out"' EXIT
for size in $sizes; do
  for r in $(seq "$rounds"); do
    for side in old new; do
      dir=$old; [ $side = new ] && dir=$new
      OCL_ICD_VENDORS="$dir/vgpu-test.icd" VGPU_CACHE_DIR="$out/cache-$side" "$dir/bin/vgpu-bench" \
        --platform VirtualGPU --size "$size" --reps 11 --json "$out/$side-$size-$r.json" > /dev/null
    done
  done
done
python3 "$(dirname "${BASH_SOURCE[0]}")/compare.py" "$out" $sizes
