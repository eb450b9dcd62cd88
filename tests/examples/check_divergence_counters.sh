#!/usr/bin/env bash
# check_divergence_counters.sh EXE - runs the divergence example on VirtualGPU and checks that the
# counters the runtime prints (VGPU_COUNTERS=1) show what the tour says they show: the divergent
# kernel splits warps (divergent branches > 0, SIMT efficiency well below 100%), the uniform one
# does the same work without splitting (0 divergent branches, efficiency near 100%).
# Exit 0 pass, 1 fail, 77 when the example cannot run here.
set -u
exe=$1
out=$(VGPU_COUNTERS=1 "$exe" --platform VirtualGPU 2>&1)
rc=$?
echo "$out"
[ $rc -eq 77 ] && exit 77
[ $rc -eq 0 ] || { echo "check: the example failed (exit $rc)"; exit 1; }
# One counters block per kernel: "[vgpu counters] kernel NAME: ..." then "  instructions ... SIMT
# efficiency E%" and "  branches B, divergent D (...)".
# The last block of each kernel counts (the example first launches `uniform` on one work-group to
# start the device).
field() { # kernel, what (eff|div)
  echo "$out" | awk -v k="$1" -v what="$2" '
    /^\[vgpu counters\] kernel / { cur = $4; sub(":", "", cur) }
    cur == k && what == "eff" && /SIMT efficiency/ { v = $NF; sub("%", "", v) }
    cur == k && what == "div" && /^ *branches/ { for (i = 1; i <= NF; i++) if ($i == "divergent") v = $(i+1) }
    END { print v }'
}
ok=1
for k in divergent uniform; do
  for w in eff div; do
    v=$(field $k $w)
    [ -n "$v" ] || { echo "check: no '$w' counter for kernel $k in the output"; ok=0; }
    eval "${k}_$w=\${v:-0}"
  done
done
[ $ok -eq 1 ] || exit 1
echo "check: divergent: efficiency $divergent_eff%, $divergent_div divergent branches; uniform: $uniform_eff%, $uniform_div"
awk -v de="$divergent_eff" -v dd="$divergent_div" -v ue="$uniform_eff" -v ud="$uniform_div" 'BEGIN {
  bad = 0
  if (!(dd > 0)) { print "check: FAIL the divergent kernel shows no divergent branch"; bad = 1 }
  if (!(ud == 0)) { print "check: FAIL the uniform kernel shows divergent branches"; bad = 1 }
  if (!(de < 75)) { print "check: FAIL the divergent kernel SIMT efficiency is not well below 100%"; bad = 1 }
  if (!(ue > 90)) { print "check: FAIL the uniform kernel SIMT efficiency is not near 100%"; bad = 1 }
  exit bad }'
