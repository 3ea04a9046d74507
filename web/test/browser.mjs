// Headless-Chromium test of the offline editor page (dist/hyoka.html: CodeMirror 6 over the core in
// WebAssembly).
//
//   node web/test/browser.mjs PAGE.html HYOKA_BIN SCREENSHOT.png
//
// HYOKA_BIN is the command line the page is compared with (`hyoka check --format json`).
//
// What is checked: the page opens from file:// with the network blocked and requests nothing but itself,
// with no console error and no uncaught exception; `window.hyoka.check` gives the command line's
// diagnostics for every sheet of examples/ and tests/fixtures/; opening a sheet through the file input
// fills the problems list and underlines the errors in the editor; hovering a word shows its help; the
// outline moves the cursor; a quick fix edits the sheet and its problem goes away; a Shift_JIS sheet with
// CRLF line ends is saved back with only the fixed bytes changed. It also writes a screenshot of the page
// with examples/seed.hyoka open.
//
// Output: `ok - <name>` / `not ok - <name>: reason` per check, then one line
// `RESULT browser passed=N failed=M` (parsed by the test runners); exit code 1 on failure.
// Env: CHROMIUM (or HYOKA_CHROMIUM) — the Chromium binary, default /usr/bin/chromium.
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { spawnSync } from "node:child_process";
import { fileURLToPath, pathToFileURL } from "node:url";
import { CHROMIUM_PATH, CheckError, check, harness } from "./harness.mjs";

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "../..");
const VIEWPORT = { width: 1280, height: 720 };
const WAIT_MS = 10000; // every wait is time-boxed
const SHEET_DIRS = ["examples", "tests/fixtures"];

const { test, finish, abort, crashed, launch } = harness("browser");

const short = (v, n = 300) => {
  const s = typeof v === "string" ? v : JSON.stringify(v);
  return s.length > n ? s.slice(0, n) + "…" : s;
};

/** JSON with object keys sorted (recursively): equal strings ⇔ deep-equal up to key order. */
const canonical = (v) =>
  JSON.stringify(v, (_k, x) =>
    x && typeof x === "object" && !Array.isArray(x) ? Object.fromEntries(Object.keys(x).sort().map((k) => [k, x[k]])) : x,
  );

/** A short description of how two diagnostics lists differ (first differing entry). */
function diffDiagnostics(want, got) {
  if (!Array.isArray(got)) return `page gave ${short(got)}`;
  const n = Math.max(want.length, got.length);
  for (let i = 0; i < n; i++) {
    if (canonical(want[i]) !== canonical(got[i])) {
      return `${want.length} vs ${got.length} diagnostics; first difference at [${i}]: CLI ${short(want[i] ?? null, 240)} / page ${short(got[i] ?? null, 240)}`;
    }
  }
  return "equal";
}

// ------------------------------------------------------------------ arguments, the command line

const [pageArg, binArg, screenshotArg] = process.argv.slice(2);
if (!pageArg || !binArg || !screenshotArg) {
  console.error("usage: node web/test/browser.mjs PAGE.html HYOKA_BIN SCREENSHOT.png");
  abort("arguments", "expected 3 arguments: PAGE.html HYOKA_BIN SCREENSHOT.png");
}
const pagePath = path.resolve(pageArg);
const hyokaBin = path.resolve(binArg);
const screenshotPath = path.resolve(screenshotArg);
if (!fs.existsSync(pagePath)) abort("page exists", `no such file: ${pagePath}`);
if (!fs.existsSync(hyokaBin)) abort("hyoka binary", `no such file: ${hyokaBin}`);
if (!fs.existsSync(CHROMIUM_PATH)) abort("chromium", `Chromium not found at ${CHROMIUM_PATH} (set CHROMIUM)`);

/** Every sheet under `dir` (relative to ROOT, "/"-separated): *.hyoka and *.txt, recursively. */
function sheetsUnder(dir) {
  const out = [];
  const walk = (rel) => {
    for (const e of fs.readdirSync(path.join(ROOT, rel), { withFileTypes: true })) {
      const r = `${rel}/${e.name}`;
      if (e.isDirectory()) walk(r);
      else if (e.isFile() && /\.(hyoka|txt)$/.test(e.name)) out.push(r);
    }
  };
  walk(dir);
  return out;
}

/** `hyoka check --format json --no-workspace --show-hints FILES…` from the repository root. */
function cliCheck(files) {
  const r = spawnSync(hyokaBin, ["check", "--format", "json", "--no-workspace", "--show-hints", ...files], {
    cwd: ROOT,
    encoding: "utf8",
    maxBuffer: 256 * 1024 * 1024,
  });
  if (r.error) throw r.error;
  if (r.status !== 0 && r.status !== 1) throw new Error(`hyoka check exited with ${r.status}: ${short(r.stderr, 600)}`);
  const json = JSON.parse(r.stdout);
  return new Map(json.files.map((f) => [f.path.replace(/\\/g, "/"), f]));
}

const sheets = SHEET_DIRS.flatMap(sheetsUnder).sort();
let cli;
try {
  cli = cliCheck(sheets);
} catch (err) {
  abort("hyoka check", err.message);
}
const SEED = "examples/seed.hyoka";
const UNKNOWN_LABEL = "tests/fixtures/rules/unknown-label.hyoka";
const seedCli = cli.get(SEED);
if (!seedCli || !seedCli.diagnostics) abort("hyoka check", `no diagnostics for ${SEED}`);

// The Shift_JIS + CRLF sheet: examples/complete.hyoka with a misspelt label (事業の概用：…), and the same file
// as it should be saved after the unknown-label fix (no typo): the two differ in the two bytes of 用 / 要.
// Built by python3's cp932 codec.
const SJIS_PATH = path.join(os.tmpdir(), "hyoka-sjis-crlf.hyoka");
const SJIS_EXPECTED = path.join(os.tmpdir(), "hyoka-sjis-crlf-expected.hyoka");
const SJIS_SAVED = path.join(os.tmpdir(), "hyoka-sjis-crlf-saved.hyoka");
{
  const py = String.raw`
import sys
src, typo_out, fixed_out = sys.argv[1:4]
lines = open(src, encoding="utf-8").read().replace("\r\n", "\n").split("\n")
for i, line in enumerate(lines):
    if line.startswith("事業の概要"):
        break
else:
    sys.exit("no 事業の概要 label line in " + src)
# A misspelt label is only a label (unknown-label, with its fix) in the form "LABEL：value" (docs/sheet-format.md
# §3); alone on its line it is text. So the value's first line joins the label line, in both files.
if lines[i] == "事業の概要":
    lines[i : i + 2] = ["事業の概要：" + lines[i + 1].strip("　 ")]
fixed = "\r\n".join(lines)
lines[i] = lines[i].replace("事業の概要", "事業の概用", 1)
typo = "\r\n".join(lines)
open(typo_out, "wb").write(typo.encode("cp932"))
open(fixed_out, "wb").write(fixed.encode("cp932"))
`;
  const r = spawnSync("python3", ["-c", py, path.join(ROOT, "examples/complete.hyoka"), SJIS_PATH, SJIS_EXPECTED], {
    encoding: "utf8",
  });
  if (r.status !== 0) abort("shift_jis sheet", `python3 failed: ${r.error ? r.error.message : r.stderr}`);
}

// ------------------------------------------------------------------ browser

const pageUrl = pathToFileURL(pagePath).href;
const requests = []; // every request URL the page made
const consoleErrors = [];
const pageErrors = [];

const browser = await launch();

try {
  const context = await browser.newContext({ viewport: VIEWPORT, locale: "ja-JP", acceptDownloads: true });
  const page = await context.newPage();
  page.setDefaultTimeout(WAIT_MS);
  // The network is blocked: only file:, data: and blob: URLs load; every request is recorded.
  await page.route("**/*", (r) =>
    r.request().url().startsWith("file://") || r.request().url().startsWith("data:") || r.request().url().startsWith("blob:")
      ? r.continue()
      : r.abort(),
  );
  page.on("request", (req) => requests.push(req.url()));
  page.on("console", (msg) => {
    if (msg.type() === "error") consoleErrors.push(`${msg.text()} (${msg.location().url || "?"}:${msg.location().lineNumber ?? "?"})`);
  });
  page.on("pageerror", (err) => pageErrors.push(String(err && err.stack ? err.stack : err)));

  /** Waits (time-boxed) until `fn(arg)` is truthy in the page; fails with `what` on timeout. */
  async function waitFor(what, fn, arg) {
    try {
      await page.waitForFunction(fn, arg, { timeout: WAIT_MS });
    } catch (err) {
      if (/Timeout/i.test(String(err && err.message))) throw new CheckError(`timed out after ${WAIT_MS / 1000} s waiting for ${what}`);
      throw err;
    }
  }

  const analyses = () => page.evaluate(() => window.hyokaPage.analyses);
  const docText = () => page.evaluate(() => window.hyokaPage.view.state.doc.toString());
  /** Two animation frames and a task: lets the editor draw after a change. */
  const settle = () =>
    page.evaluate(() => new Promise((r) => requestAnimationFrame(() => requestAnimationFrame(() => setTimeout(r, 0)))));

  /** Opens `file` through the file input and waits until it is analysed and named in the toolbar. */
  async function openSheet(file) {
    const before = await analyses();
    await page.setInputFiles("#open", file);
    const name = path.basename(file);
    await waitFor(
      `${name} to be opened and analysed`,
      ({ before, name }) =>
        window.hyokaPage.analyses > before && document.getElementById("file-name").textContent === name,
      { before, name },
    );
    await settle();
  }

  /** Clicks the first non-disable fix of the problem of `rule` and waits for the re-analysis. */
  async function applyFix(rule) {
    const button = page.locator(`#problems-list li.problem[data-rule="${rule}"] button.fix:not(.disable)`).first();
    check((await button.count()) > 0, `no fix button (button.fix:not(.disable)) on a ${rule} problem in #problems-list`);
    const before = await analyses();
    await button.click();
    await waitFor(`the re-analysis after the ${rule} fix`, (n) => window.hyokaPage.analyses > n, before);
    await settle();
  }

  // ---------------------------------------------------------------- load

  let loaded = false;
  await test("page loads from file:// and is analysed", async () => {
    await page.goto(pageUrl, { waitUntil: "load" });
    await waitFor("window.hyokaPage.analyses > 0", () => window.hyokaPage && window.hyokaPage.analyses > 0);
    loaded = true;
  });
  if (!loaded) throw new Error("the page did not load; the other checks need it");

  await test("no request but the page itself", async () => {
    const others = requests.filter((u) => u !== pageUrl);
    check(requests.includes(pageUrl), `the page's own URL was not among the requests: ${short(requests)}`);
    check(others.length === 0, `other requests: ${short([...new Set(others)])}`);
  });
  await test("no console errors while loading", async () => {
    check(consoleErrors.length === 0, consoleErrors.slice(0, 5).join("; "));
  });
  await test("no page errors while loading", async () => {
    check(pageErrors.length === 0, pageErrors.slice(0, 3).join("; "));
  });

  // ---------------------------------------------------------------- window.hyoka.check = hyoka check

  await test("window.hyoka.check agrees with the command line", async () => {
    if ((await page.inputValue("#form")) !== "") await page.selectOption("#form", "");
    const form = await page.evaluate(() => [document.getElementById("form").value, window.hyokaPage.form]);
    check(form[0] === "" && form[1] === "", `the form menu is not on auto: ${short(form)}`);
    const compared = [];
    const skipped = [];
    for (const p of sheets) {
      const entry = cli.get(p);
      if (!entry) throw new CheckError(`hyoka check gave no entry for ${p}`);
      if (!entry.diagnostics) skipped.push(`${p}: ${entry.error}`);
      else compared.push(p);
    }
    const input = compared.map((p) => ({ path: p, b64: fs.readFileSync(path.join(ROOT, p)).toString("base64") }));
    // Decoded as the command line does: UTF-8 without its BOM, else Shift_JIS.
    const results = await page.evaluate((files) => {
      const bytes = (b64) => Uint8Array.from(atob(b64), (c) => c.charCodeAt(0));
      return files.map(({ path, b64 }) => {
        const b = bytes(b64);
        let text;
        try {
          text = new TextDecoder("utf-8", { fatal: true }).decode(b); // strips a BOM
        } catch {
          text = new TextDecoder("shift_jis").decode(b);
        }
        try {
          return { path, got: window.hyoka.check(text) };
        } catch (e) {
          return { path, thrown: String(e) };
        }
      });
    }, input);
    const mismatches = [];
    for (const r of results) {
      const want = { diagnostics: cli.get(r.path).diagnostics };
      if (r.thrown) mismatches.push(`${r.path}: window.hyoka.check threw ${r.thrown}`);
      else if (canonical(want) !== canonical(r.got)) {
        mismatches.push(`${r.path}: ${diffDiagnostics(want.diagnostics, r.got && r.got.diagnostics)}`);
      }
    }
    console.log(`# ${compared.length} sheets compared, ${skipped.length} skipped (the command line reported an error)`);
    for (const s of skipped) console.log(`#   skipped ${s}`);
    check(compared.length > 0, "no sheet to compare");
    check(mismatches.length === 0, `${mismatches.length} of ${compared.length} sheets differ:\n${mismatches.slice(0, 5).join("\n")}`);
    return `window.hyoka.check agrees with the command line on ${compared.length} sheets`;
  });

  // ---------------------------------------------------------------- the seed sheet in the editor

  await test("open examples/seed.hyoka through the file input", () => openSheet(path.join(ROOT, SEED)));

  await test("problems list has one entry per diagnostic of the command line", async () => {
    const n = await page.locator("#problems-list li.problem").count();
    check(n === seedCli.diagnostics.length, `${n} li.problem in #problems-list, hyoka check gives ${seedCli.diagnostics.length} diagnostics (hints included)`);
  });

  await test("the editor underlines errors", async () => {
    const n = await page.locator(".cm-lintRange-error").count();
    check(n > 0, "no .cm-lintRange-error element in the editor");
  });

  await test("the first error's range is underlined", async () => {
    const d = seedCli.diagnostics.find((x) => x.severity === "error");
    check(d, `hyoka check gives no error for ${SEED}`);
    // Columns count Unicode scalar values; the seed is BMP-only, so they are UTF-16 units as well.
    const range = await page.evaluate(({ line, column, end_line, end_column }) => {
      const doc = window.hyokaPage.view.state.doc;
      const from = doc.line(line).from + column - 1;
      const to = doc.line(end_line).from + end_column - 1;
      return { from, to, text: doc.sliceString(from, to) };
    }, d);
    check(range.to > range.from, `empty range for ${short(d)}`);
    // Bring it into view, then look at what is drawn over each of its characters.
    await page.evaluate((from) => window.hyokaPage.view.dispatch({ selection: { anchor: from }, scrollIntoView: true }), range.from);
    await settle();
    const uncovered = await page.evaluate(({ from, to }) => {
      const view = window.hyokaPage.view;
      const text = view.state.doc.sliceString(from, to);
      const bad = [];
      for (let p = from; p < to; p++) {
        if (/\s/.test(text[p - from])) continue;
        const a = view.coordsAtPos(p, 1);
        const b = view.coordsAtPos(p + 1, -1);
        if (!a || !b) { bad.push(`${p}: not drawn`); continue; }
        const x = a.left < b.left ? (a.left + b.left) / 2 : a.left + 2;
        const y = (a.top + a.bottom) / 2;
        const hit = document.elementsFromPoint(x, y).some((e) => e.closest(".cm-lintRange-error"));
        if (!hit) bad.push(`${p} (${text[p - from]})`);
      }
      // The other way of seeing it: a .cm-lintRange-error whose text is the range's.
      const exact = [...document.querySelectorAll(".cm-lintRange-error")].some((e) => e.textContent === text);
      return { bad, exact };
    }, range);
    check(
      uncovered.bad.length === 0 || uncovered.exact,
      `「${range.text}」 (${d.line}:${d.column}–${d.end_line}:${d.end_column}, ${d.rule}) not under .cm-lintRange-error at ${uncovered.bad.slice(0, 5).join(", ")}`,
    );
  });

  await test("hovering 市民ニーズ shows its help", async () => {
    const pos = await page.evaluate(() => {
      const text = window.hyokaPage.view.state.doc.toString();
      const i = text.indexOf("□ 市民ニーズ");
      return i < 0 ? -1 : i + "□ ".length;
    });
    check(pos >= 0, "no 「□ 市民ニーズ」 line in the seed");
    await page.evaluate((p) => window.hyokaPage.view.dispatch({ selection: { anchor: p }, scrollIntoView: true }), pos);
    await settle();
    const c = await page.evaluate((p) => {
      const r = window.hyokaPage.view.coordsAtPos(p + 1);
      return r && { x: r.left, y: (r.top + r.bottom) / 2 };
    }, pos);
    check(c, "coordsAtPos gave null for 市民ニーズ");
    await page.mouse.move(c.x - 30, c.y + 40);
    await page.mouse.move(c.x, c.y, { steps: 3 });
    try {
      await page.waitForSelector(".cm-tooltip-hover .help", { timeout: WAIT_MS });
    } catch {
      throw new CheckError(`no .cm-tooltip-hover .help within ${WAIT_MS / 1000} s after moving the mouse to (${c.x}, ${c.y})`);
    }
    const help = await page.locator(".cm-tooltip-hover .help").first().textContent();
    check(help.includes("市民ニーズ"), `the help does not mention 市民ニーズ: ${short(help)}`);
    check(help.length > 40, `the help is only ${help.length} characters: ${short(help)}`);
  });

  await test("clicking an outline section moves the cursor there", async () => {
    await page.mouse.move(2, 2); // away from the editor: the hover help closes
    const button = page.locator("#outline-list button.sym-section").nth(1);
    check((await page.locator("#outline-list button.sym-section").count()) >= 2, "fewer than two #outline-list button.sym-section");
    const at = Number(await button.getAttribute("data-at"));
    check(Number.isInteger(at), `data-at is not a number: ${await button.getAttribute("data-at")}`);
    await button.click();
    await settle();
    const s = await page.evaluate(() => ({ head: window.hyokaPage.view.state.selection.main.head, focus: window.hyokaPage.view.hasFocus }));
    check(s.head === at, `selection head ${s.head}, the button's data-at is ${at}`);
    check(s.focus, "the editor does not have focus after the click");
  });

  // ---------------------------------------------------------------- quick fix

  await test("quick fix removes an unknown-label problem", async () => {
    await openSheet(path.join(ROOT, UNKNOWN_LABEL));
    const before = await docText();
    const n = await page.locator('#problems-list li.problem[data-rule="unknown-label"]').count();
    check(n > 0, `no unknown-label problem in #problems-list for ${UNKNOWN_LABEL}`);
    await applyFix("unknown-label");
    const after = await docText();
    check(after !== before, "the document did not change");
    const left = await page.locator('#problems-list li.problem[data-rule="unknown-label"]').count();
    check(left === n - 1, `${left} unknown-label problem(s) after the fix, expected ${n - 1}`);
  });

  // ---------------------------------------------------------------- Shift_JIS + CRLF round trip

  await test("a Shift_JIS CRLF sheet is saved with only the fixed bytes changed", async () => {
    await openSheet(SJIS_PATH);
    const enc = await page.textContent("#file-encoding");
    check(enc.includes("Shift_JIS") && enc.includes("CRLF"), `#file-encoding is ${short(enc)}, expected Shift_JIS and CRLF`);
    await applyFix("unknown-label");
    const [download] = await Promise.all([page.waitForEvent("download", { timeout: WAIT_MS }), page.click("#save")]);
    fs.rmSync(SJIS_SAVED, { force: true });
    await download.saveAs(SJIS_SAVED);
    const got = fs.readFileSync(SJIS_SAVED);
    const want = fs.readFileSync(SJIS_EXPECTED);
    const orig = fs.readFileSync(SJIS_PATH);
    check(download.suggestedFilename() === path.basename(SJIS_PATH), `downloaded as ${download.suggestedFilename()}`);
    // The fixture itself: the typo and the fixed file differ only within the two bytes of 用 / 要.
    const differ = [...orig.keys()].filter((i) => orig[i] !== want[i]);
    check(orig.length === want.length && differ.length > 0 && differ.at(-1) - differ[0] < 2, `bad fixture: ${SJIS_PATH} and ${SJIS_EXPECTED} differ at bytes ${short(differ)}`);
    if (!got.equals(want)) {
      let i = 0;
      while (i < got.length && i < want.length && got[i] === want[i]) i++;
      const hex = (b) => b.subarray(Math.max(0, i - 8), i + 8).toString("hex");
      throw new CheckError(
        `saved ${got.length} bytes, expected ${want.length} (original ${orig.length}); first difference at byte ${i}: saved …${hex(got)}…, expected …${hex(want)}…`,
      );
    }
  });

  await test("a fix that inserts a line into a CRLF sheet keeps every line end CRLF", async () => {
    // The seed with CRLF line ends (UTF-8): 「事務事業名」を挿入 adds a line.
    const crlfPath = path.join(path.dirname(SJIS_SAVED), "seed-crlf.hyoka");
    const seedText = fs.readFileSync(path.join(ROOT, SEED), "utf8").replace(/\r?\n/g, "\r\n");
    fs.writeFileSync(crlfPath, seedText);
    await openSheet(crlfPath);
    const lines = await page.evaluate(() => window.hyokaPage.view.state.doc.lines);
    const button = page
      .locator('#problems-list li.problem[data-rule="missing-field"] button.fix:not(.disable)')
      .filter({ hasText: "事務事業名" })
      .first();
    check((await button.count()) > 0, "no 「事務事業名」を挿入 fix on the CRLF seed");
    const before = await analyses();
    await button.click();
    await waitFor("the re-analysis after the insert", (n) => window.hyokaPage.analyses > n, before);
    const after = await page.evaluate(() => window.hyokaPage.view.state.doc.lines);
    check(after === lines + 1, `the editor has ${after} lines after the insert, expected ${lines + 1}`);
    const [download] = await Promise.all([page.waitForEvent("download", { timeout: WAIT_MS }), page.click("#save")]);
    const saved = path.join(path.dirname(SJIS_SAVED), "seed-crlf-saved.hyoka");
    fs.rmSync(saved, { force: true });
    await download.saveAs(saved);
    const got = fs.readFileSync(saved, "utf8");
    const lone = got.split("\r\n").filter((part) => part.includes("\n")).length;
    check(lone === 0, `the saved file has ${lone} line(s) ending in a lone LF`);
    check(got.split("\r\n").length === seedText.split("\r\n").length + 1, "the saved file has one line more");
  });

  // ---------------------------------------------------------------- screenshot

  await test("screenshot with examples/seed.hyoka open", async () => {
    await openSheet(path.join(ROOT, SEED));
    await page.mouse.move(2, 2);
    await page.evaluate(() => window.hyokaPage.view.dispatch({ selection: { anchor: 0 }, scrollIntoView: true }));
    await page.waitForSelector(".cm-tooltip-hover", { state: "detached", timeout: WAIT_MS }).catch(() => {
      throw new CheckError("a hover tooltip is still shown");
    });
    await settle();
    fs.mkdirSync(path.dirname(screenshotPath), { recursive: true });
    await page.screenshot({ path: screenshotPath, fullPage: false });
    check(fs.statSync(screenshotPath).size > 0, `empty ${screenshotPath}`);
  });

  // ---------------------------------------------------------------- at the end: still self-contained

  await test("no request but the page itself (blob: of the download aside)", async () => {
    const others = requests.filter((u) => u !== pageUrl && !u.startsWith("blob:"));
    check(others.length === 0, `other requests: ${short([...new Set(others)])}`);
  });
  await test("no console errors", async () => {
    check(consoleErrors.length === 0, consoleErrors.slice(0, 5).join("; "));
  });
  await test("no page errors", async () => {
    check(pageErrors.length === 0, pageErrors.slice(0, 3).join("; "));
  });
} catch (err) {
  crashed(err);
} finally {
  await browser.close().catch(() => {});
}
finish();
