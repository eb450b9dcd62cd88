#!/usr/bin/env bash
# check_options.sh EXAMPLE... - the examples' command line: --help prints the usage with every
# option and exits 0, an unknown option, a missing or malformed value and a stray argument each
# get a message naming it and exit status 2.  All of it before any OpenCL call: the test runs with
# the ICD loader pointed at an empty folder, so no platform exists.
set -u
empty=$(mktemp -d "${TMPDIR:-/tmp}/vgpu-no-icd.XXXXXX")
trap 'rmdir "$empty"' EXIT
export OCL_ICD_VENDORS=$empty
failed=0
fail() { echo "FAIL: $*"; failed=1; }

# check EXE EXPECTED_STATUS TEXT ARGS...: EXE ARGS exits with EXPECTED_STATUS and prints TEXT.
check() {
  local exe=$1 want=$2 text=$3
  shift 3
  local out rc
  out=$("$exe" "$@" 2>&1)
  rc=$?
  [ "$rc" = "$want" ] || fail "$(basename "$exe") $*: exit status $rc, expected $want; output: $out"
  case "$out" in *"$text"*) ;; *) fail "$(basename "$exe") $*: expected '$text' in: $out" ;; esac
}

for exe in "$@"; do
  name=$(basename "$exe")
  check "$exe" 0 "usage: $name [--platform NAME]" --help
  check "$exe" 0 "usage: $name" -h
  # Every option the usage lists is accepted (with a value that only the usage check reads: --help
  # after it stops the program before any OpenCL call).
  for opt in $("$exe" --help | grep -o '^  --[a-z]* N ' | sed 's/^  --\([a-z]*\) N /\1/'); do
    check "$exe" 0 "usage: $name" "--$opt" 1 --help
    check "$exe" 0 "usage: $name" "--$opt=1" --help
  done
  check "$exe" 2 "unknown option '--no-such-option'" --no-such-option 1
  check "$exe" 2 "unknown option '--no-such-option'" --no-such-option=1
  check "$exe" 2 "unexpected argument 'stray'" stray
  check "$exe" 2 "needs a value" --platform
  first=$("$exe" --help | grep -o '^  --[a-z]* N ' | head -1 | sed 's/^  --\([a-z]*\) N /\1/')
  if [ -n "$first" ]; then
    check "$exe" 2 "needs a value" "--$first"
    check "$exe" 2 "expected a whole number" "--$first" ten
  fi
done
[ $failed = 0 ] && echo "$# examples: --help and bad options as documented"
exit $failed
