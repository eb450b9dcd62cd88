#!/usr/bin/env bash
# check_blur_counters.sh EXE - runs the blur example (256 x 192 pixels, 16 x 8 work-groups: 1536
# warps of 32) with VGPU_COUNTERS=1 and checks the "images" line of each launch against what the
# kernels must do (docs/tour.md, "blur"): blur_nearest 16 reads a warp of 1 texel a lane, unfiltered;
# blur_linear 4 reads a warp of 4 texels a lane, all filtered; both one write a warp.
# Exit 0 pass, 1 fail, 77 when the example cannot run here.
set -u
exe=$1
out=$(VGPU_COUNTERS=1 "$exe" --platform VirtualGPU 2>&1)
rc=$?
echo "$out"
[ $rc -eq 77 ] && exit 77
[ $rc -eq 0 ] || { echo "check: the example failed (exit $rc)"; exit 1; }
warps=$((256 * 192 / 32))
images() { # kernel -> its images line's numbers: reads writes texels filtered
  echo "$out" | awk -v k="$1" '
    /^\[vgpu counters\] kernel / { cur = $4; sub(":", "", cur) }
    cur == k && /^ *images/ { print $2, $4, $6, $(NF-1) }'
}
ok=1
want_nearest="$((16 * warps)) $warps $((17 * 32 * warps)) 0"
want_linear="$((4 * warps)) $warps $((17 * 32 * warps)) $((16 * 32 * warps))"
got=$(images blur_nearest); [ "$got" = "$want_nearest" ] || { echo "check: blur_nearest images '$got', want '$want_nearest'"; ok=0; }
got=$(images blur_linear); [ "$got" = "$want_linear" ] || { echo "check: blur_linear images '$got', want '$want_linear'"; ok=0; }
[ $ok -eq 1 ] && echo "check: texture counters as expected" && exit 0
exit 1
