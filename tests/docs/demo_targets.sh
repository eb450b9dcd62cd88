#!/usr/bin/env bash
# demo_targets.sh SOURCE_DIR BUILD_DIR - scripts/demo.sh builds only the CMake targets it runs, by
# name: the demo cannot run inside a test (it installs packages and builds), so this checks that
# every target it names still exists in the build, and that its examples are all of examples/.
set -u
src=$1
build=$2
failed=0
known=$(cmake --build "$build" --target help 2>/dev/null | sed -n 's/^\.\.\. \([^ ]*\).*/\1/p')
if [ -z "$known" ]; then
  echo "this CMake generator does not list its targets: skipped"
  exit 77
fi
for t in $(bash "$src/scripts/demo.sh" --targets); do
  grep -qx -- "$t" <<<"$known" || { echo "FAIL: scripts/demo.sh builds '$t', which is not a target of $build"; failed=1; }
done
for dir in "$src"/examples/*/; do
  name=$(basename "$dir")
  [ -f "$dir/$name.c" ] || continue
  bash "$src/scripts/demo.sh" --targets | grep -qx "example_$name" ||
    { echo "FAIL: scripts/demo.sh does not build or run the example $name"; failed=1; }
done
[ $failed = 0 ] && echo "scripts/demo.sh names $(bash "$src/scripts/demo.sh" --targets | wc -l) targets, all present"
exit $failed
