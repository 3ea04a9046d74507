// Unit tests of the client-side logic that runs without the server.
import assert from "node:assert/strict";
import fs from "node:fs";
import { test } from "node:test";
import { looksLikeSheet } from "../../out/unit/sniff.mjs";

const seed = fs.readFileSync(new URL("../../../fixtures/seed-raw.txt", import.meta.url), "utf8");

test("the seed (title on line 37) is a sheet", () => {
  assert.equal(looksLikeSheet(seed), true);
});

test("the titles of the other built-in forms make sheets", () => {
  for (const title of [
    "令和4年度 事務事業評価シート",
    "事務事業評価（平成26年度事業）",
    "事務事業 評価結果の公表",
    "平成27年度実施事務事業に対する行政評価",
  ]) {
    assert.equal(looksLikeSheet(`${title}\n事業の概要\n`), true, title);
  }
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
