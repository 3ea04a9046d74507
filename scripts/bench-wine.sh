#!/usr/bin/env bash
# hyoka.exe under Wine against the Linux release binary, on 1,000 generated sheets (benches/README.md,
# "Windows under Wine"):
#
#   scripts/bench-wine.sh [RUNS]        (default 7 runs of each case, alternating the two binaries)
#
# Needs both binaries built from the same sources: target/release/hyoka (cargo build --release) and
# target/cross/windows/x86_64-pc-windows-gnu/release/hyoka.exe (scripts/test-windows.sh or scripts/dist.sh
# builds it), and the Wine prefix of scripts/cross-toolchain.sh. The sheets come from
# benches/gen_sheets.py (seed 1, a fifth of them with defects) in one folder with a hyoka.toml.
#
# Cases, each timed from start to exit (wall clock), median of RUNS:
#   human   hyoka check sheets | cat >/dev/null      (the default output, to a pipe)
#   json    hyoka check --format json sheets >/dev/null
#   start   hyoka --version >/dev/null              (the fixed cost of starting a process; under Wine
#                                                    with its server kept running, as in a session)
set -euo pipefail

ROOT=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
RUNS=${1:-7}
CACHE=${HYOKA_CROSS_CACHE:-${HOME:-/root}/.cache/hyoka-ci}
LINUX=${HYOKA_BIN:-$ROOT/target/release/hyoka}
EXE=${HYOKA_EXE:-$ROOT/target/cross/windows/x86_64-pc-windows-gnu/release/hyoka.exe}
for f in "$LINUX" "$EXE" "$CACHE/cross/env.sh"; do
  [ -f "$f" ] || { echo "bench-wine: $f is missing (see the comment at the top)" >&2; exit 2; }
done
eval "$(. "$CACHE/cross/env.sh" && printf 'export WINEPREFIX=%q HYOKA_WINE=%q' "$WINEPREFIX" "$HYOKA_WINE")"
export WINEDEBUG=-all NO_COLOR=1 LANG=C.UTF-8

WORK=$(mktemp -d)
trap '"$CACHE/cross/bin/wineserver" -k </dev/null >/dev/null 2>&1 || true; rm -rf "$WORK"' EXIT
python3 "$ROOT/benches/gen_sheets.py" "$WORK/sheets" 1000 --seed 1 >/dev/null
printf '[rules]\nstray-text = "off"\n' >"$WORK/sheets/hyoka.toml"
"$CACHE/cross/bin/wineserver" -p </dev/null >/dev/null 2>&1 || true
"$HYOKA_WINE" cmd /c exit </dev/null >/dev/null 2>&1 || true

cd "$WORK"
python3 - "$RUNS" "$LINUX" "$HYOKA_WINE" "$EXE" <<'EOF'
import json, os, statistics, subprocess, sys, time

runs, linux, wine, exe = int(sys.argv[1]), sys.argv[2], sys.argv[3], sys.argv[4]
q = lambda s: "'" + s.replace("'", "'\\''") + "'"
bins = {"Linux": q(linux), "Wine": f"{q(wine)} {q(exe)}"}
cases = {
    "human": "{b} check sheets | cat >/dev/null",
    "json": "{b} check --format json sheets >/dev/null",
    "start": "{b} --version >/dev/null",
}
# The same answer from both, once (exit status 1: the generated defects include errors).
outs = {}
for name, b in bins.items():
    r = subprocess.run(f"{b} check --format json sheets", shell=True, capture_output=True)
    assert r.returncode == 1, (name, r.returncode, r.stderr[-500:])
    outs[name] = {f["path"].replace("\\", "/"): f for f in json.loads(r.stdout)["files"]}
    for f in outs[name].values():
        f.pop("path")
assert outs["Linux"] == outs["Wine"], "the two binaries disagree on the generated sheets"
n_files = len(outs["Linux"])
times = {(c, n): [] for c in cases for n in bins}
for _ in range(runs):
    for c, cmd in cases.items():
        for n, b in bins.items():  # alternating, so that load from elsewhere falls on both
            t = time.perf_counter()
            subprocess.run(cmd.format(b=b), shell=True, check=False)
            times[(c, n)].append(time.perf_counter() - t)
cpu = next((l.split(":", 1)[1].strip() for l in open("/proc/cpuinfo") if l.startswith("model name")), "?")
print(f"{n_files} sheets, {runs} runs each, median wall time; {os.cpu_count()} CPUs ({cpu}); "
      f"load average at the end {os.getloadavg()[0]:.2f}")
print("| case | Linux | hyoka.exe under Wine | Wine ÷ Linux |")
print("|---|---:|---:|---:|")
for c in cases:
    l, w = statistics.median(times[(c, "Linux")]), statistics.median(times[(c, "Wine")])
    print(f"| {c} | {l * 1000:.0f} ms | {w * 1000:.0f} ms | {w / l:.1f}× |")
l = statistics.median(times[("json", "Linux")]) - statistics.median(times[("start", "Linux")])
w = statistics.median(times[("json", "Wine")]) - statistics.median(times[("start", "Wine")])
print(f"json less start: Linux {l * 1000:.0f} ms, Wine {w * 1000:.0f} ms, {w / l:.1f}×")
EOF
