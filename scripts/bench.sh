#!/bin/sh
# bench.sh - one command for the whole benchmark (docs/performance.md): builds VirtualGPU and
# vgpu-bench, installs PoCL and Oclgrind from Debian if they are missing, runs the suite on the
# three platforms in the same session, then the VirtualGPU-only rows (SM scaling, counters
# overhead, SM memory, cold builds), and writes bench/results/*.json, the table, an SVG plot and
# the measured section of docs/performance.md.
#
#   scripts/bench.sh [--size tiny|small|medium] [--reps N] [--oclgrind-reps N] [--no-doc]
#   scripts/bench.sh --profile sgemm_tiled,conv2d   # callgrind: the SM process's hot functions
#   environment: BUILD_DIR (default <repo>/build)
# Exit status: 0 when every kernel validated on every platform, 1 otherwise.
set -u
ROOT=$(cd "$(dirname "$0")/.." && pwd)
BUILD=${BUILD_DIR:-$ROOT/build}
SIZE=small REPS=5 OCLGRIND_REPS=1 DOC=$ROOT/docs/performance.md PROFILE=
while [ $# -gt 0 ]; do
  case $1 in
    --size) SIZE=$2; shift ;;
    --reps) REPS=$2; shift ;;
    --oclgrind-reps) OCLGRIND_REPS=$2; shift ;;
    --no-doc) DOC= ;;
    --profile) PROFILE=$2; shift ;;
    -h|--help) sed -n '2,11p' "$0"; exit 0 ;;
    *) echo "bench.sh: unknown option $1" >&2; exit 2 ;;
  esac
  shift
done
RESULTS=$ROOT/bench/results
mkdir -p "$RESULTS"
say() { printf '\n== %s\n' "$*"; }

# --- the other platforms, from Debian ----------------------------------------------------------
missing=
dpkg -s pocl-opencl-icd >/dev/null 2>&1 || missing="$missing pocl-opencl-icd"
dpkg -s oclgrind >/dev/null 2>&1 || missing="$missing oclgrind"
command -v python3 >/dev/null 2>&1 || missing="$missing python3"
command -v cmake >/dev/null 2>&1 || missing="$missing cmake"
if [ -n "$missing" ]; then
  say "installing$missing"
  SUDO=; [ "$(id -u)" -ne 0 ] && SUDO=sudo
  $SUDO apt-get update -qq && $SUDO apt-get install -y $missing || echo "bench.sh: could not install$missing" >&2
fi

# --- build ----------------------------------------------------------------------------------------
say "building in $BUILD"
cmake -S "$ROOT" -B "$BUILD" -DCMAKE_BUILD_TYPE=RelWithDebInfo >/dev/null || exit 1
make -C "$BUILD" -j2 vgpu-bench >/dev/null || exit 1
# VirtualGPU may fail to build while the rest works: the other platforms are still measured.
make -C "$BUILD" -j2 VirtualGPU vgpu >/dev/null || echo "bench.sh: VirtualGPU did not build" >&2
BENCH=$BUILD/bin/vgpu-bench

# One .icd file per platform, so each run sees exactly one platform.
ICDS=$BUILD/bench/icd
mkdir -p "$ICDS"
echo "$BUILD/bin/libVirtualGPU.so" >"$ICDS/vgpu.icd"
POCL_ICD=/etc/OpenCL/vendors/pocl.icd
OCLGRIND_ICD=/etc/OpenCL/vendors/oclgrind.icd
if [ ! -f "$OCLGRIND_ICD" ]; then
  # Debian's oclgrind package ships the ICD library but no .icd file.
  lib=$(dpkg -L oclgrind 2>/dev/null | grep 'liboclgrind-rt-icd\.so$' | head -n1)
  OCLGRIND_ICD=$ICDS/oclgrind.icd
  echo "${lib:-/usr/lib/oclgrind/liboclgrind-rt-icd.so}" >"$OCLGRIND_ICD"
fi

# --profile: one SM (VGPU_SMS=1), one run of each kernel under callgrind (instruction counts do
# not depend on the machine's load), and the SM process's most expensive functions.
if [ -n "$PROFILE" ]; then
  command -v valgrind >/dev/null 2>&1 || { echo "bench.sh: --profile needs valgrind" >&2; exit 1; }
  out=$RESULTS/profile
  mkdir -p "$out"
  for k in $(echo "$PROFILE" | tr , ' '); do
    rm -f "$out/callgrind.$k".*
    OCL_ICD_VENDORS="$ICDS/vgpu.icd" VGPU_SMS=1 valgrind -q --tool=callgrind --trace-children=yes \
      --callgrind-out-file="$out/callgrind.$k.%p" "$BENCH" --platform VirtualGPU --size "$SIZE" \
      --kernels "$k" --reps 1 --warmup 1 --build-reps 1 >/dev/null 2>"$out/valgrind.$k.log"
    sleep 1 # the SM process writes its profile when it exits, after the host program
    sm=$(grep -lE 'vgpu(-sm)? sm' "$out/callgrind.$k".* 2>/dev/null | head -n1)
    say "profile of $k (SM process, instructions by function; file $sm)"
    [ -n "$sm" ] && callgrind_annotate --auto=no "$sm" 2>/dev/null | grep -E '^ *[0-9,]+ +\(' | head -n 14 |
      sed -e 's| \[/[^]]*\]||' -e "s|$ROOT/||"
  done
  exit 0
fi

status=0
# run NAME ICD PLATFORM [env assignments...] -- [vgpu-bench options...]
run() {
  name=$1 icd=$2 platform=$3
  shift 3
  envs=
  while [ $# -gt 0 ] && [ "$1" != -- ]; do envs="$envs $1"; shift; done
  [ $# -gt 0 ] && shift
  say "$name:$envs $*"
  rm -f "$RESULTS/$name.json"
  # shellcheck disable=SC2086
  env OCL_ICD_VENDORS="$icd" $envs "$BENCH" --platform "$platform" --size "$SIZE" \
    --json "$RESULTS/$name.json" "$@" 2>"$RESULTS/$name.stderr"
  rc=$?
  tail -n 5 "$RESULTS/$name.stderr" >&2
  case $rc in
    0) ;;
    77) echo "bench.sh: $platform not available" >&2; rm -f "$RESULTS/$name.json" ;;
    *) status=1 ;;
  esac
}

rm -f "$RESULTS"/*.json "$RESULTS"/*.stderr # a platform that does not run leaves no stale figures
CACHE=$(mktemp -d)   # a fresh compile cache: first build cold, rebuilds cached
trap 'rm -rf "$CACHE"' EXIT
COMPUTE=sgemm_naive,sgemm_tiled,conv2d,mandelbrot,hash

if [ -f "$BUILD/bin/libVirtualGPU.so" ]; then
  run vgpu "$ICDS/vgpu.icd" VirtualGPU VGPU_CACHE_DIR="$CACHE" -- --reps "$REPS" --sm-memory
fi
run pocl "$POCL_ICD" Portable -- --reps "$REPS"
run oclgrind "$OCLGRIND_ICD" Oclgrind -- --reps "$OCLGRIND_REPS" --warmup 0 --build-reps 2
if [ -f "$RESULTS/vgpu.json" ]; then
  # 1 and 2 SMs alternate three times: the report keeps the best of each, which load from other work on
  # the machine can only make worse.
  for pass in a b c; do
    for sms in 1 2; do
      run vgpu-sms$sms$pass "$ICDS/vgpu.icd" VirtualGPU VGPU_SMS=$sms VGPU_CACHE_DIR="$CACHE" -- \
        --reps "$REPS" --kernels $COMPUTE
    done
  done
  run vgpu-counters "$ICDS/vgpu.icd" VirtualGPU VGPU_COUNTERS=1 VGPU_CACHE_DIR="$CACHE" -- --reps "$REPS"
  run vgpu-checks "$ICDS/vgpu.icd" VirtualGPU VGPU_CHECKS=1 VGPU_CACHE_DIR="$CACHE" -- --reps "$REPS"
  # Cold builds: the cache off, one build per program (the kernels run once, tiny, to stay honest).
  SIZE_SAVED=$SIZE SIZE=tiny
  run vgpu-cold "$ICDS/vgpu.icd" VirtualGPU VGPU_CACHE=0 -- --reps 1 --warmup 0 --build-reps 1
  SIZE=$SIZE_SAVED
fi

say "report"
stamp="Measured $(date -u '+%Y-%m-%d %H:%M UTC') on $(nproc) CPU(s): $(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2 | sed 's/^ *//') (scripts/bench.sh --size $SIZE at commit $(git -C "$ROOT" rev-parse --short HEAD 2>/dev/null || echo unknown)); load average $(cut -d" " -f1-3 /proc/loadavg) at the end (other work on the machine slows every platform and hides SM scaling)."
python3 "$ROOT/bench/report.py" --vgpu "$RESULTS/vgpu.json" --pocl "$RESULTS/pocl.json" \
  --oclgrind "$RESULTS/oclgrind.json" --sms1 "$RESULTS"/vgpu-sms1?.json --sms2 "$RESULTS"/vgpu-sms2?.json \
  --counters "$RESULTS/vgpu-counters.json" --checks "$RESULTS/vgpu-checks.json" --cold "$RESULTS/vgpu-cold.json" \
  --markdown "$RESULTS/latest.md" --svg "$RESULTS/ratios.svg" --svg-link ../bench/results/ratios.svg \
  --stamp "$stamp" ${DOC:+--doc "$DOC"} || status=1
echo
echo "results: $RESULTS (latest.md, ratios.svg, *.json)${DOC:+; updated $DOC}"
[ $status -eq 0 ] || echo "bench.sh: some kernels failed to validate or to run (see above)" >&2
exit $status
