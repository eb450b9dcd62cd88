#!/usr/bin/env bash
# setup.sh - installs the Debian packages VirtualGPU needs, only those missing (idempotent).  apt's
# own output is kept out of the way; one line per phase says what is happening and how long it took.
# Works as root on a minimal Debian 12; as another user it uses sudo.
#   scripts/setup.sh [--with-others] [--with-browser]
set -euo pipefail

# Build: compilers, CMake, Clang/LLVM 19 (the kernel compiler).  OpenCL: Khronos headers, the
# ocl-icd loader, clinfo.  Tests and tools: valgrind, python3 (scripts/gen_icd_tables.py, bench/report.py),
# time (GNU time: the measurements docs/design.md shows, run by CTest docs/commands).
# Open MPI: the MPI + OpenCL example (examples/mpi_heat, CTest examples/mpi_heat).
# SPIR-V programs (docs/spirv.md): the Khronos translator llvm-spirv-15, and spirv-tools, whose
# assembler makes the test modules (tests/api/test_spirv).
PACKAGES=(
  build-essential gcc g++ make cmake pkg-config ca-certificates
  clang-19 llvm-19-dev libclang-19-dev libclang-cpp19-dev
  opencl-c-headers opencl-clhpp-headers ocl-icd-opencl-dev ocl-icd-libopencl1 clinfo
  valgrind python3 time
  openmpi-bin libopenmpi-dev
  llvm-spirv-15 spirv-tools
)

# --with-others: also the independent suites and the other platforms the optional tests compare
# with (docs/testing.md): PoCL, Oclgrind, piglit (about 2 GB), PyOpenCL.  Without them those
# tests report "skipped".
# --with-browser: Chromium, in which tests/tools/report_chromium.py opens a `vgpu report` page
# (about 110 MB to download, 400 MB installed): the test command (scripts/test.sh, which CI runs)
# asks for it; the demo does not need it.
for arg in "$@"; do
  case $arg in
    --with-others) PACKAGES+=(pocl-opencl-icd oclgrind piglit python3-pyopencl python3-numpy chromium) ;;
    --with-browser) PACKAGES+=(chromium) ;;
    *) echo "setup.sh: unknown option $arg (--with-others, --with-browser)" >&2; exit 2 ;;
  esac
done

missing=()
for p in "${PACKAGES[@]}"; do
  # "install ok installed" only for a package that is fully installed.
  if ! dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed"; then
    missing+=("$p")
  fi
done
if [ ${#missing[@]} -eq 0 ]; then
  echo "setup.sh: the ${#PACKAGES[@]} Debian packages VirtualGPU needs are installed"
  exit 0
fi

SUDO=""
if [ "$(id -u)" -ne 0 ]; then
  if command -v sudo >/dev/null; then SUDO="sudo"; else
    echo "setup.sh: need root (or sudo) to install: ${missing[*]}" >&2
    exit 1
  fi
fi
export DEBIAN_FRONTEND=noninteractive
start=$SECONDS
log=$(mktemp "${TMPDIR:-/tmp}/vgpu-setup.XXXXXX.log")
# Quiet apt, but never silent failure: its output goes to a log that is shown when it fails.
apt_quiet() {
  if ! $SUDO "$@" >>"$log" 2>&1; then
    echo "setup.sh: '$*' failed; its output:" >&2
    tail -30 "$log" >&2
    exit 1
  fi
}
echo "setup.sh: missing Debian packages (${#missing[@]}): ${missing[*]}"
echo "setup.sh: [1/2] updating the package lists (apt-get update)..."
apt_quiet apt-get update -qq
# apt's own estimate of the download, before it starts (the simulation answers "no").
size=$($SUDO apt-get install --assume-no --no-install-recommends "${missing[@]}" 2>/dev/null |
       sed -n 's/^Need to get \([^ ]* [^ ]*\).*/\1/p' | head -1 || true)
why=""
case " ${missing[*]} " in *" llvm-19-dev "*|*" clang-19 "*|*" piglit "*) why="; Clang/LLVM (and piglit) are most of it: minutes on a first install" ;; esac
echo "setup.sh: [2/2] downloading ${size:-the packages} and installing them$why (log: $log)..."
apt_quiet apt-get install -y -qq --no-install-recommends "${missing[@]}"
echo "setup.sh: installed ${#missing[@]} packages in $((SECONDS - start)) s"
rm -f "$log"
