#!/bin/sh
# check_logs.sh DIR - the last test of a VGPU_SANITIZE=ON run.  Sanitizer reports of every process
# (test programs, the `vgpu` compiler helper and the `vgpu sm` workers, whose stderr nobody reads
# and whose exit status at shutdown nobody checks) go to DIR/<tool>.<pid> through log_path; any
# such file is a finding: print it, move it to DIR.seen/ (so the next run starts clean) and fail.
dir=${1:?usage: check_logs.sh DIR}
found=0
for f in "$dir"/*; do
  [ -f "$f" ] || continue
  found=1
  echo "==== $f"
  cat "$f"
  mkdir -p "$dir.seen" && mv "$f" "$dir.seen/"
done
if [ $found = 1 ]; then
  echo "sanitizer reports found in $dir"
  exit 1
fi
echo "no sanitizer reports in $dir"
