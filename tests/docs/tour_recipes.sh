#!/usr/bin/env bash
# tour_recipes.sh SOURCE_DIR BUILD_DIR - the "break an example on purpose" recipes of docs/tour.md
# (section 5), done as a reader would do them: the example binary copied into a scratch folder with
# the edited kernel beside it (the examples read <name>.cl from beside the executable), run as it
# is and with VGPU_CHECKS=1, and the tour's words checked against what happens.  Each edit must
# change the kernel: a recipe that no longer applies to the kernel's text fails here.
set -u
src=$1
build=$2
scratch=$(mktemp -d "${TMPDIR:-/tmp}/vgpu-tour-recipes.XXXXXX")
trap 'rm -rf "$scratch"' EXIT
failed=0

fail() { echo "FAIL: $*"; failed=1; }

# prepare NAME SED_SCRIPT: the example NAME with its kernel edited by SED_SCRIPT, in $scratch/NAME-N.
n=0
prepare() {
  n=$((n + 1))
  dir="$scratch/$1-$n"
  mkdir -p "$dir"
  cp "$build/examples/$1" "$dir/"
  sed "$2" "$src/examples/$1/$1.cl" > "$dir/$1.cl"
  if cmp -s "$src/examples/$1/$1.cl" "$dir/$1.cl"; then
    fail "$1: the edit '$2' no longer changes $1.cl: update the recipe in docs/tour.md and here"
  fi
}

# run WHAT [ENV...]: runs the prepared example; sets $out (stdout and stderr) and $rc.
run() {
  local what=$1
  shift
  out=$(cd "$dir" && env "$@" "./$what" --platform VirtualGPU 2>&1)
  rc=$?
}

# expect TEXT: $out must contain TEXT.
expect() {
  case "$out" in
    *"$1"*) ;;
    *) fail "$label: expected '$1' in the output:"; printf '%s\n' "$out" | sed 's/^/    /' ;;
  esac
}
expect_rc() { [ "$rc" = "$1" ] || { fail "$label: exit status $rc, expected $1"; printf '%s\n' "$out" | sed 's/^/    /'; }; }

# The line of the kernel file that matches a pattern (the fault reports name source lines).
line_of() { grep -n "$2" "$dir/$1.cl" | head -1 | cut -d: -f1; }

# 1. vecmul, `if (i <= n)`: work-item n touches one float past each buffer, inside the padding of
#    the buffer's 512-byte granules: no fault by default; VGPU_CHECKS=1 checks the exact size and
#    reports the work-item's first access past the end, the load of a[i].
prepare vecmul 's/if (i < n)/if (i <= n)/'
body=$(line_of vecmul '^ *c\[i\] = a\[i\] \* b\[i\]')
label="vecmul i <= n"
run vecmul
expect_rc 0
expect "vecmul: PASS"
label="vecmul i <= n, VGPU_CHECKS=1"
run vecmul VGPU_CHECKS=1
expect_rc 1
expect "out-of-bounds global load of 4 bytes"
expect "past the end of the buffer"
expect "(4000000 bytes)"
expect "at program.cl:$body "
expect "work-item global (1000000,0,0)"
expect "CL_EXEC_STATUS_ERROR_FOR_EVENTS_IN_WAIT_LIST"

# 2. vecmul without its `if`: the work-items from n + 64 on write past c's padding; by default the
#    loads (into the next buffer) pass and the store past the last buffer is caught.
prepare vecmul 's/^  if (i < n)$//'
body=$(line_of vecmul '^ *c\[i\] = a\[i\] \* b\[i\]')
label="vecmul without if"
run vecmul
expect_rc 1
expect "out-of-bounds global store of 4 bytes"
expect "at program.cl:$body "
expect "work-item global (1000064,0,0)"
expect "CL_EXEC_STATUS_ERROR_FOR_EVENTS_IN_WAIT_LIST"

# 3. convolution without its barrier: wrong pixels on every run; VGPU_CHECKS=1 names the race with
#    the reading line (the filter loop) and the writing line (the tile load).
prepare convolution '/^  barrier(CLK_LOCAL_MEM_FENCE);$/d'
reader=$(line_of convolution 'sum += filter')
writer=$(line_of convolution 'tile\[y\]\[x\] = in')
label="convolution without barrier"
for attempt in 1 2; do
  run convolution
  expect_rc 1
  expect "pixels wrong"
  expect "convolution: FAIL"
done
label="convolution without barrier, VGPU_CHECKS=1"
run convolution VGPU_CHECKS=1
expect_rc 1
expect "data race on __local memory"
expect "at program.cl:$reader "
expect "wrote it at line $writer, with no barrier in between"

# 4. histogram with a plain increment: lost updates; VGPU_CHECKS=1 reports the race at that line.
prepare histogram 's/atomic_inc(&bins\[data\[i\]\])/bins[data[i]]++/'
inc=$(line_of histogram 'bins\[data\[i\]\]++')
label="histogram without atomic_inc"
run histogram
expect_rc 1
expect "bins wrong"
label="histogram without atomic_inc, VGPU_CHECKS=1"
run histogram VGPU_CHECKS=1
expect_rc 1
expect "data race on __local memory"
expect "at program.cl:$inc "

[ $failed = 0 ] && echo "every recipe of docs/tour.md does what the tour says"
exit $failed
