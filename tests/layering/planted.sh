#!/bin/sh
# planted.sh SOURCE_DIR - check_includes.py must fail on planted violations: a copy of the tree in
# which the SM code includes the runtime and tools/, and the runtime includes the compiler.
set -eu
src=$1
here=$(dirname "$0")
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
for d in vir include image icd compiler tools; do ln -s "$src/$d" "$tmp/$d"; done
cp -r "$src/sim" "$src/runtime" "$tmp/"
printf '#include "runtime/device.h"\n#include "tools/commands.h"\n' >> "$tmp/sim/sm_main.c"
printf '#include "compiler/lower.h"\n' >> "$tmp/runtime/kernel.c"
printf '#include "sim/warp.h"\n' >> "$tmp/runtime/event.c"
if python3 "$here/check_includes.py" "$tmp" > "$tmp/out"; then
  echo "FAIL: the checker accepted a tree with forbidden includes"
  exit 1
fi
status=0
for want in 'sim/sm_main.c:.*"runtime/device.h"' 'sim/sm_main.c:.*"tools/commands.h"' \
            'runtime/kernel.c:.*"compiler/lower.h"' 'runtime/event.c:.*"sim/warp.h"'; do
  grep -q "$want" "$tmp/out" || { echo "FAIL: not reported: $want"; status=1; }
done
[ "$(grep -c 'may not include' "$tmp/out")" -eq 4 ] || { echo "FAIL: expected exactly 4 violations"; status=1; }
cat "$tmp/out"
exit $status
