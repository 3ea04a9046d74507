#!/usr/bin/env python3
"""Generate N realistic, varied 事業評価シート from examples/complete.hyoka.

    python3 benches/gen_sheets.py OUT_DIR N [--seed S] [--ext .hyoka] [--defects 0.2] [--manifest FILE]

Each sheet keeps the structure of complete.hyoka but varies the project name, department, budget code,
indicator names, units and figures, the ticked viewpoints and the ratings, the prose (sentences are drawn
from a pool and reordered, so file sizes vary), and the budget table (recomputed so that every sum still
adds up and 執行率 matches). About DEFECTS of the sheets (20 % by default) get one or two defects that hyoka
reports: a misspelt label (fixable), a misspelt viewpoint (fixable), a budget row that no longer adds up, a
stale year, an analysis item with no ticked box, a missing required field, a contradicting 検証結果. The rest
are clean (hyoka raises nothing on them; the bench asserts this on a sample).

Output is deterministic for a given seed. With --manifest, one line per file: `name<TAB>defect,...` (empty
for a clean sheet), so tests can check counts.
"""

import argparse
import os
import random
import re
import sys

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
TEMPLATE = os.path.join(ROOT, "examples", "complete.hyoka")

PROJECTS = [
    ("地産地消推進事業", "産業振興部　農水産課"),
    ("商店街にぎわい創出事業", "産業振興部　商業観光課"),
    ("子育て支援センター運営事業", "健康・子ども部　こども家庭課"),
    ("高齢者見守りネットワーク事業", "福祉部　高齢福祉課"),
    ("防災備蓄品整備事業", "防災危機管理部　災害対策課"),
    ("図書館資料充実事業", "社会教育部　中央図書館"),
    ("自転車走行環境整備事業", "まちづくり政策部　交通政策課"),
    ("ごみ減量化推進事業", "環境部　資源循環課"),
    ("健康づくり推進事業", "健康・子ども部　健康課"),
    ("空き家対策推進事業", "まちづくり政策部　建築住宅課"),
    ("スポーツ振興事業", "社会教育部　スポーツ課"),
    ("多文化共生推進事業", "市民部　文化・交流課"),
]

INDICATORS = [
    ("イベントの開催回数", "回"), ("登録店舗数", "店舗"), ("参加者数", "人"), ("相談件数", "件"),
    ("利用者数", "人"), ("講座の開催回数", "回"), ("延べ来場者数", "人"), ("回収量", "トン"),
    ("整備延長", "ｍ"), ("貸出冊数", "冊"), ("訪問件数", "件"), ("満足度", "％"),
]

SENTENCES = [
    "関係団体と協働して事業を実施し、市民への周知を図りました。",
    "参加者へのアンケートでは、おおむね高い満足度が得られています。",
    "前年度の課題を踏まえ、実施方法を見直して効率化を進めました。",
    "ホームページや広報紙を活用し、事業の情報発信に努めました。",
    "目標を上回る実績をあげ、事業の効果が着実に現れています。",
    "今後も利用者の声を聞きながら、内容の充実を図っていきます。",
    "近隣市との情報交換を行い、先進的な取組を参考にしました。",
    "職員の配置を工夫し、限られた人員で業務を遂行しています。",
    "民間事業者のノウハウを活用し、サービスの質を高めました。",
    "地域の担い手の育成が引き続き課題となっています。",
    "国や県の補助制度を活用し、市の財政負担を抑えています。",
    "デジタル化による手続の簡素化を検討していきます。",
]

DEFECTS = ["label-typo", "viewpoint-typo", "budget", "stale-year", "no-tick", "missing-field", "rating-conflict"]


def fmt(n):
    return f"{n:,}"


def prose(rng, indent, n):
    """n sentences wrapped at ~40 chars, each line indented."""
    text = "".join(rng.sample(SENTENCES, n))
    lines = [text[i:i + 40] for i in range(0, len(text), 40)]
    return "\n".join(indent + l for l in lines)


def replace_block(text, header, body):
    """Replace the indented lines after a header line (up to the next non-indented line) with body."""
    pat = re.compile(r"(^" + re.escape(header) + r"\n)((?:[ 　].*\n)+)", re.M)
    m = pat.search(text)
    assert m, header
    return text[:m.start(2)] + body + "\n" + text[m.end(2):]


def budget_table(rng):
    base = rng.randint(500, 50_000)
    rows = {k: [] for k in ["国庫支出金", "県支出金", "起債", "その他特財", "一般財源", "事業費(A)", "予算額", "人件費(B)", "フルコスト(A+B)"]}
    for _ in range(3):
        a = int(base * rng.uniform(0.9, 1.1))
        kuni = rng.choice([0, 0, int(a * 0.3)])
        ken = rng.choice([0, int(a * 0.1)])
        kisai = rng.choice([0, 0, 0, int(a * 0.2)])
        sonota = rng.choice([0, int(a * 0.05)])
        ippan = a - kuni - ken - kisai - sonota
        yosan = int(a * rng.uniform(1.0, 1.15)) or 1
        b = rng.randint(10, 200) * 100
        for k, v in zip(rows, [kuni, ken, kisai, sonota, ippan, a, yosan, b, a + b]):
            rows[k].append(v)
    rate = round(rows["事業費(A)"][0] / rows["予算額"][0] * 100, 1)
    out = []
    for k, vs in rows.items():
        out.append(f"| {k} | " + " | ".join(fmt(v) for v in vs) + " |")
    out.append(f"| 執行率(%) | {rate} | － | － |")
    return out


def make_sheet(tpl, rng, defect_rate, project=None, indicators=None, back=0):
    t = tpl
    name, dept = rng.choice(PROJECTS)
    code = f"1-'{rng.randint(10000, 99999):06d}-'{rng.randint(1, 99):02d}0000"
    if project:
        name, dept, code = project
    t = t.replace("事務事業名：地産地消推進事業", f"事務事業名：{name}", 1)
    t = t.replace("事業担当：産業振興部　農水産課", f"事業担当：{dept}", 1)
    t = t.replace("予算科目：1-'060103-'020000", f"予算科目：{code}", 1)

    # Indicators: new names, units and figures (targets and results, three years).
    blocks = re.findall(r"(?:活動|成果)指標[①②]\n(?:　.*\n)+", t)
    for b, blk in enumerate(blocks):
        if indicators:
            # A project's sheets keep their indicators, and a year's figures are the same in every sheet.
            iname, unit, series_t, series_r = indicators[b]
            targets, results = series_t[6 - back - 2 : 6 - back + 1], series_r[6 - back - 2 : 6 - back + 1]
        else:
            iname, unit = rng.choice(INDICATORS)
            base = rng.randint(5, 50_000)
            targets = [int(base * (1 + 0.05 * i)) for i in range(3)]
            results = [int(v * rng.uniform(1.0, 1.08)) for v in targets]  # met: the sheet says ① 予定どおり
        new = re.sub(r"指標名：.*", "指標名：" + name.replace("事業", "") + "の" + iname, blk, count=1)
        new = re.sub(r"単位：.*", "単位：" + unit, new, count=1)
        for row, vals in [("目標", targets), ("実績", results)]:
            cells = " | ".join(fmt(v) for v in vals)
            new = re.sub(r"\| " + row + r" \|.*\|", f"| {row} | {cells} |", new, count=1)
        t = t.replace(blk, new, 1)

    # Prose: vary length and content.
    t = replace_block(t, "目的・目標", prose(rng, "　", rng.randint(1, 3)))
    t = replace_block(t, "事業の概要", prose(rng, "　", rng.randint(1, 4)))
    t = replace_block(t, "平成27年度の主な取組と成果", prose(rng, "　", rng.randint(2, 6)))
    for h in ["今後に向けた課題の分析", "平成29年度の取組方針", "課長コメント"]:
        t = replace_block(t, h, prose(rng, "　", rng.randint(1, 4)))

    # A workspace's sheets: each item's analysis written afresh (as each year's sheet should be).
    if project:
        t = re.sub(
            r"(　分析・課題の抽出\n)((?:　　.*\n)+)",
            lambda m: m.group(1) + prose(rng, "　　", rng.randint(1, 3)) + "\n",
            t,
        )

    # Ticks: each analysis item keeps at least one ■ (tick a random subset of its named viewpoints).
    def retick(m):
        lines = m.group(0).split("\n")
        boxes = [i for i, l in enumerate(lines) if l.startswith("　□ ") or l.startswith("　■ ")]
        named = [i for i in boxes if "その他" not in lines[i]]
        chosen = set(rng.sample(named, rng.randint(1, len(named))))
        for i in named:
            lines[i] = "　" + ("■" if i in chosen else "□") + lines[i][2:]
        return "\n".join(lines)
    t = re.sub(r"(?:必要性|有効性|妥当性)\n(?:　[□■] .*\n)+", retick, t)

    # Budget table (sums kept consistent).
    lines = t.split("\n")
    start = next(i for i, l in enumerate(lines) if l.startswith("| 国庫支出金"))
    end = next(i for i, l in enumerate(lines) if l.startswith("| 執行率"))
    lines[start:end + 1] = budget_table(rng)
    t = "\n".join(lines)

    applied = []
    if rng.random() < defect_rate:
        for d in rng.sample(DEFECTS, rng.choice([1, 1, 2])):
            if d == "label-typo":
                t = t.replace("\n事業の概要\n", "\n事業の概用：\n", 1)
            elif d == "viewpoint-typo":
                t = t.replace(" 市民ニーズ", " 市民ニーヅ", 1)
            elif d == "budget":
                t = re.sub(r"(\| 一般財源 \| )([\d,]+)", lambda m: m.group(1) + fmt(int(m.group(2).replace(",", "")) + 7), t, count=1)
            elif d == "stale-year":
                t = t.replace("平成27年度の検証結果", "平成26年度の検証結果", 1)
            elif d == "no-tick":
                t = re.sub(r"(必要性\n(?:　[□■] .*\n)+)", lambda m: m.group(1).replace("■", "□"), t, count=1)
            elif d == "missing-field":
                t = re.sub(r"^根拠法令等：.*\n", "", t, count=1, flags=re.M)
            elif d == "rating-conflict":
                t = t.replace("進捗状況：①：予定どおり", "進捗状況：③：遅れている", 1)
            applied.append(d)
    return t, applied


def project_indicators(rng):
    """Four indicators of one project (four different names), each with targets and results for H21..H27
    (index 6 is H27)."""
    out = []
    for iname, unit in rng.sample(INDICATORS, 4):
        base = rng.randint(5, 50_000)
        targets = [int(base * (1 + 0.05 * i)) for i in range(7)]
        results = [int(v * rng.uniform(1.0, 1.08)) for v in targets]
        out.append((iname, unit, targets, results))
    return out


def shift_years(t, back):
    """The same sheet `back` years earlier: every 平成N年度 less `back`, except the project's start year."""
    return "\n".join(
        line if line.startswith("事業期間")
        else re.sub(r"平成(\d+)年度", lambda m: f"平成{int(m.group(1)) - back}年度", line)
        for line in t.split("\n")
    )


def main():
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("out")
    ap.add_argument("n", type=int)
    ap.add_argument("--seed", type=int, default=27)
    ap.add_argument("--ext", default=".hyoka")
    ap.add_argument("--defects", type=float, default=0.2)
    ap.add_argument("--manifest")
    ap.add_argument(
        "--workspace",
        type=int,
        metavar="YEARS",
        help="sheets of distinct projects, each with YEARS sheets of consecutive years up to H27 (a workspace "
        "for the cross-sheet rules) instead of same-year sheets of a few projects",
    )
    a = ap.parse_args()
    with open(TEMPLATE, encoding="utf-8") as f:
        tpl = f.read()
    os.makedirs(a.out, exist_ok=True)
    rng = random.Random(a.seed)
    manifest = []
    series = {}
    total = 0
    for i in range(a.n):
        project, back = None, 0
        if a.workspace:
            k, back = divmod(i, a.workspace)
            base, dept = PROJECTS[k % len(PROJECTS)]
            project = (f"{base}（第{k + 1}号）", dept, f"1-'{10000 + k:06d}-'010000")
            if back == 0 or k not in series:
                series[k] = project_indicators(random.Random(a.seed * 100_003 + k))
        text, applied = make_sheet(tpl, rng, a.defects, project, series.get(k) if a.workspace else None, back)
        if back:
            text = shift_years(text, back)
        name = f"sheet{i:05d}{a.ext}"
        data = text.encode("utf-8")
        total += len(data)
        with open(os.path.join(a.out, name), "wb") as f:
            f.write(data)
        manifest.append(f"{name}\t{','.join(applied)}")
    if a.manifest:
        with open(a.manifest, "w", encoding="utf-8") as f:
            f.write("\n".join(manifest) + "\n")
    print(f"{a.n} sheets, {total} bytes in {a.out}", file=sys.stderr)


if __name__ == "__main__":
    main()
