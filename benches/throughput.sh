#!/usr/bin/env bash
# hyoka check over a folder of generated sheets: sheets per second on every core, against reading the same
# bytes with cat (the physical limit) and against textlint + textlint-rule-preset-ja-technical-writing.
#
#   benches/throughput.sh                 # 10,000 sheets, textlint on a 200-file subset
#   N=2000 TEXTLINT_N=100 RUNS=5 benches/throughput.sh
#   SKIP_TEXTLINT=1 benches/throughput.sh
#
# Needs: cargo, python3, npm (once, to install textlint under target/textlint; later runs are offline).
# Uses hyperfine when it is installed (apt-get install hyperfine), else bash's `time` over RUNS runs.
# The sheets are generated into a temporary folder and read from the page cache (warm runs): cat's figure
# is what the machine can read, hyoka's is what it can read AND check. Results: benches/PEERS.md.
set -euo pipefail

ROOT=$(cd "$(dirname "$0")/.." && pwd)
N=${N:-10000}
TEXTLINT_N=${TEXTLINT_N:-200}
RUNS=${RUNS:-10}
TEXTLINT_RUNS=${TEXTLINT_RUNS:-3}
HYOKA="$ROOT/target/release/hyoka"
TL_PREFIX="$ROOT/target/textlint"
WORK=$(mktemp -d "${TMPDIR:-/tmp}/hyoka-throughput.XXXXXX")
trap 'rm -rf "$WORK"' EXIT

echo "== machine"
echo "nproc: $(nproc)"
echo "cpu: $(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2- | sed 's/^ *//')"
echo "load average: $(cut -d' ' -f1-3 /proc/loadavg)"
echo "kernel: $(uname -r); rustc: $(rustc --version | cut -d' ' -f2); node: $(node --version 2>/dev/null || echo none)"

echo "== build"
(cd "$ROOT" && cargo build --release --quiet)

echo "== generate $N sheets"
python3 "$ROOT/benches/gen_sheets.py" "$WORK/sheets" "$N" --manifest "$WORK/manifest.tsv"
BYTES=$(cat "$WORK"/sheets/* | wc -c)
DEFECTIVE=$(awk -F'\t' '$2 != ""' "$WORK/manifest.tsv" | wc -l)
echo "bytes: $BYTES (mean $((BYTES / N)) per sheet); sheets with defects: $DEFECTIVE"
# Sanity: hyoka finds diagnostics in exactly the sheets with defects.
"$HYOKA" check --format json "$WORK/sheets" > "$WORK/out.json" || true
python3 - "$WORK/out.json" "$WORK/manifest.tsv" <<'EOF'
import json, sys
v = json.load(open(sys.argv[1]))
man = dict(l.rstrip("\n").split("\t") for l in open(sys.argv[2], encoding="utf-8"))
flagged = {f["path"].rsplit("/", 1)[1] for f in v["files"] if f.get("diagnostics")}
defective = {k for k, d in man.items() if d}
assert len(v["files"]) == len(man), (len(v["files"]), len(man))
assert flagged == defective, (sorted(flagged - defective)[:5], sorted(defective - flagged)[:5])
print(f"sanity: {len(v['files'])} files reported, diagnostics in exactly the {len(defective)} sheets with defects")
EOF

# mean seconds of a shell command, via hyperfine or `time`
mean_seconds() { # name runs command
    local name=$1 runs=$2 cmd=$3
    if command -v hyperfine > /dev/null; then
        hyperfine --style basic --warmup "${WARMUP:-1}" --runs "$runs" -i --export-json "$WORK/$name.json" -n "$name" "$cmd" >&2
        python3 -c "import json,sys; r=json.load(open(sys.argv[1]))['results'][0]; print(f\"{r['mean']:.6f} {r['stddev'] or 0:.6f} {r['min']:.6f}\")" "$WORK/$name.json"
    else
        bash -c "$cmd" > /dev/null 2>&1 || true # warm-up
        local total=0 t min=
        for _ in $(seq "$runs"); do
            local s e
            s=$(date +%s.%N)
            bash -c "$cmd" > /dev/null 2>&1 || true
            e=$(date +%s.%N)
            t=$(echo "$e - $s" | bc -l)
            total=$(echo "$total + $t" | bc -l)
            if [ -z "$min" ] || [ "$(echo "$t < $min" | bc -l)" = 1 ]; then min=$t; fi
        done
        printf '%.6f 0 %.6f\n' "$(echo "$total / $runs" | bc -l)" "$min"
    fi
}

cd "$WORK"
echo "== cat (one process) and cat on every core"
read -r CAT CAT_SD CAT_MIN < <(mean_seconds cat "$RUNS" "cat sheets/* > /dev/null")
read -r PCAT PCAT_SD PCAT_MIN < <(mean_seconds cat-parallel "$RUNS" "ls sheets | sed 's|^|sheets/|' | xargs -P $(nproc) -n $(( (N + $(nproc) - 1) / $(nproc) )) cat > /dev/null")
echo "== hyoka check --format json (every core)"
read -r HY HY_SD HY_MIN < <(mean_seconds hyoka "$RUNS" "$HYOKA check --format json sheets > /dev/null")
echo "== hyoka check --format json on one core (RAYON_NUM_THREADS=1)"
read -r HY1 HY1_SD HY1_MIN < <(mean_seconds hyoka-1core "$RUNS" "RAYON_NUM_THREADS=1 $HYOKA check --format json sheets > /dev/null")

TL="" TL_SD="" TL_MIN=""
if [ -z "${SKIP_TEXTLINT:-}" ]; then
    echo "== textlint (preset-ja-technical-writing) on $TEXTLINT_N of the sheets, as .txt"
    if [ ! -x "$TL_PREFIX/node_modules/.bin/textlint" ]; then
        mkdir -p "$TL_PREFIX"
        npm install --prefix "$TL_PREFIX" --no-audit --no-fund --loglevel error textlint textlint-rule-preset-ja-technical-writing
    fi
    mkdir -p tl
    for f in $(ls sheets | head -n "$TEXTLINT_N"); do cp "sheets/$f" "tl/${f%.hyoka}.txt"; done
    echo '{ "rules": { "preset-ja-technical-writing": true } }' > tl/.textlintrc.json
    echo "textlint $("$TL_PREFIX/node_modules/.bin/textlint" --version)"
    # It must really lint them: count its messages once.
    (cd tl && "$TL_PREFIX/node_modules/.bin/textlint" --format json ./*.txt > ../tl.json || true)
    python3 -c "import json; v=json.load(open('tl.json')); print(f'textlint: {len(v)} files, {sum(len(f[\"messages\"]) for f in v)} messages')"
    # (no warm-up run: the JSON run above warmed the page cache and node's module cache)
    read -r TL TL_SD TL_MIN < <(WARMUP=0 mean_seconds textlint "$TEXTLINT_RUNS" "cd tl && $TL_PREFIX/node_modules/.bin/textlint ./*.txt > /dev/null")
fi

echo "== results"
python3 - "$N" "$BYTES" "$CAT" "$PCAT" "$HY" "$HY1" "${TL:-0}" "$TEXTLINT_N" <<'EOF'
import sys
n, nbytes = int(sys.argv[1]), int(sys.argv[2])
cat, pcat, hy, hy1, tl, tln = map(float, sys.argv[3:9])
tln = int(tln)
row = lambda name, secs, files: print(f"{name:<34} {secs:>10.4f} s  {files / secs:>12,.0f} sheets/s  {nbytes / n * files / secs / 1e6:>9.1f} MB/s")
print(f"{'':<34} {'mean':>12}  {'throughput':>21}")
row("cat (1 process)", cat, n)
row("cat (xargs -P nproc)", pcat, n)
row("hyoka check --format json", hy, n)
row("hyoka check, RAYON_NUM_THREADS=1", hy1, n)
if tl > 0:
    row(f"textlint ({tln} files)", tl, tln)
print()
print(f"hyoka / cat time:              {hy / cat:.2f}x   (aim: within 10x)")
print(f"hyoka / parallel cat time:     {hy / pcat:.2f}x")
print(f"hyoka speed-up on every core:  {hy1 / hy:.2f}x")
if tl > 0:
    tl_rate, hy_rate = tln / tl, n / hy
    print(f"hyoka / textlint throughput:   {hy_rate / tl_rate:,.0f}x   (aim: at least 100x; textlint extrapolated per file from {tln} files)")
EOF
