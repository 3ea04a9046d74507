// Unit tests of the client-side logic that runs without the server.
import assert from "node:assert/strict";
import fs from "node:fs";
import { test } from "node:test";
import { headingFoldingRanges } from "../../out/unit/folding.mjs";
import { looksLikeSheet } from "../../out/unit/sniff.mjs";

const seed = fs.readFileSync(new URL("../../../fixtures/seed-raw.txt", import.meta.url), "utf8");

test("the seed (title on line 37) is a sheet", () => {
  assert.equal(looksLikeSheet(seed), true);
});

test("a memo without the marker is not a sheet", () => {
  assert.equal(looksLikeSheet("ただのメモ\n事業の概要\n"), false);
});

test("only the first 50 non-blank lines count; blank lines do not", () => {
  const lines = [];
  for (let i = 1; i <= 49; i++) lines.push(`行${i}`, "", "  ");
  assert.equal(looksLikeSheet([...lines, "事業評価シート（平成27年度分）"].join("\n")), true);
  assert.equal(looksLikeSheet([...lines, "行50", "事業評価シート（平成27年度分）"].join("\r\n")), false);
});

test("folding: one range per section heading, to the last non-blank line before the next", () => {
  const lines = ["事業評価シート（平成27年度分）", "１．事業の位置付け", "事務事業名：x", "", "2. 事業の検証", "a", "b", "", "", "## ３、年度別事業内容・決算額（単位：千円）", "４．今後の事業展開（担当課としての提案）", "課長コメント：y"];
  assert.deepEqual(headingFoldingRanges(lines), [
    { start: 1, end: 2 },
    { start: 4, end: 6 },
    { start: 10, end: 11 },
  ]);
  assert.deepEqual(headingFoldingRanges(["1.5 は見出しではない", "x"]), []);
});
