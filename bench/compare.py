"""compare.py DIR SIZE... - the table of compare_builds.sh from its JSON files
(DIR/{old,new}-SIZE-ROUND.json, each one vgpu-bench run)."""
import glob
import json
import statistics
import sys


def device_ms(directory, side, size):
    """kernel name -> the device time of each round (each already a median of the run's reps)"""
    times = {}
    for path in sorted(glob.glob(f"{directory}/{side}-{size}-*.json")):
        with open(path) as f:
            for k in json.load(f)["kernels"]:
                if k["valid"]:
                    times.setdefault(k["name"], []).append(k["device_ms"])
    return times


def main():
    directory, sizes = sys.argv[1], sys.argv[2:]
    for size in sizes:
        old, new = device_ms(directory, "old", size), device_ms(directory, "new", size)
        rounds = len(next(iter(old.values()), []))
        print(f"\n{size} size, {rounds} alternating rounds, device ms: median of rounds [range]")
        print(f"{'kernel':12} {'old':>24} {'new':>24} {'new/old':>8}  verdict")
        for name, o in old.items():
            n = new.get(name)
            if not n:
                continue
            mo, mn = statistics.median(o), statistics.median(n)
            overlap = min(n) <= max(o) and min(o) <= max(n)
            if min(len(o), len(n)) < 3:
                verdict = "(fewer than 3 rounds: no verdict)"
            else:
                verdict = "same (ranges overlap)" if overlap else ("slower" if mn > mo else "faster")
            print(f"{name:12} {mo:9.3f} [{min(o):6.3f}-{max(o):6.3f}] {mn:9.3f} [{min(n):6.3f}-{max(n):6.3f}]"
                  f" {mn / mo:8.2f}  {verdict}")


if __name__ == "__main__":
    main()
