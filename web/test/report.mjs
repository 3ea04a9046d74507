// Headless-Chromium test of the HTML report written by `hyoka report PATH… -o FILE.html`.
//
//   node web/test/report.mjs REPORT.html EXPECTED.json SCREENSHOT.png PDF_OUT.pdf
//
// EXPECTED.json is `hyoka report --format json` for the same folder; it says how many
// sheets there are, their 部/課/検証結果 and which have errors, so that the page's table,
// summary, sorting and filters can be checked against it.
//
// What is checked: the page is self-contained (no request other than its own file:// URL,
// no console error, no uncaught exception), one table row per sheet with the attributes
// of EXPECTED, the summary counts, the links to the sheets, sorting by 件数 and 事業名,
// the 部 / 課 / 検証結果 / エラーあり filters, and that the print layout (A4 landscape)
// cuts no table off; it also writes a screenshot of the page's top and a PDF.
//
// Output: `ok - <name>` / `not ok - <name>: reason` per check, then one line
// `RESULT report passed=N failed=M` (parsed by the test runners); exit code 1 on failure.
// Env: CHROMIUM (or HYOKA_CHROMIUM, as the editor tests use) — the Chromium binary,
// default /usr/bin/chromium.
import fs from "node:fs";
import path from "node:path";
import { fileURLToPath, pathToFileURL } from "node:url";
import { CHROMIUM_PATH, CheckError, check, harness } from "./harness.mjs";

// A4 landscape, 10 mm margins: 297 mm − 2 × 10 mm = 277 mm = 1046.9 CSS px (96 px/in).
const PRINT_WIDTH_PX = 1047;
const PRINT_HEIGHT_PX = 740; // 210 mm − 2 × 10 mm = 190 mm ≈ 718 px, rounded up
const SCREEN_VIEWPORT = { width: 1280, height: 800 };

const { test, finish, abort, crashed, launch } = harness("report");

const sleep = (ms) => new Promise((r) => setTimeout(r, ms));

/**
 * Polls `probe` (async, returns a value) until `ok(value)` holds or `timeoutMs` passes, and
 * returns the last value: the page may re-render after a click in a later task
 * (requestAnimationFrame, a microtask…), so a single read right after the click could be early.
 */
async function poll(probe, ok, timeoutMs = 3000) {
  const end = Date.now() + timeoutMs;
  let value = await probe();
  while (!ok(value) && Date.now() < end) {
    await sleep(50);
    value = await probe();
  }
  return value;
}

const short = (v) => {
  const s = JSON.stringify(v);
  return s.length > 400 ? s.slice(0, 400) + "…" : s;
};
const sameSet = (a, b) => a.length === b.length && [...a].sort().join("\u0000") === [...b].sort().join("\u0000");
const slashes = (p) => String(p).replace(/\\/g, "/");

// ------------------------------------------------------------------ arguments, EXPECTED

const [reportArg, expectedArg, screenshotArg, pdfArg] = process.argv.slice(2);
if (!reportArg || !expectedArg || !screenshotArg || !pdfArg) {
  console.error("usage: node web/test/report.mjs REPORT.html EXPECTED.json SCREENSHOT.png PDF_OUT.pdf");
  abort("arguments", "expected 4 arguments: REPORT.html EXPECTED.json SCREENSHOT.png PDF_OUT.pdf");
}
const reportPath = path.resolve(reportArg);
const screenshotPath = path.resolve(screenshotArg);
const pdfPath = path.resolve(pdfArg);
if (!fs.existsSync(reportPath)) abort("report exists", `no such file: ${reportPath}`);
if (!fs.existsSync(CHROMIUM_PATH)) {
  abort("chromium", `Chromium not found at ${CHROMIUM_PATH} (run .ci/editors-setup.sh, or set CHROMIUM)`);
}

let expected;
try {
  expected = JSON.parse(fs.readFileSync(path.resolve(expectedArg), "utf8"));
} catch (err) {
  abort("expected json", `cannot read ${expectedArg}: ${err.message}`);
}
if (!expected || !Array.isArray(expected.sheets) || !expected.summary) {
  abort("expected json", `${expectedArg} has no "sheets" array or "summary" object`);
}
const sheets = expected.sheets;
const sheetByPath = new Map(sheets.map((s) => [slashes(s.path), s]));

/** The distinct non-empty values of one sheet field, e.g. every 部 of EXPECTED. */
const distinct = (field) => [...new Set(sheets.map((s) => s[field]).filter((v) => v !== null && v !== undefined && v !== ""))];
const countWhere = (pred) => sheets.filter(pred).length;

// The report's own URL: the only request the page may make (hash/query ignored).
const reportUrl = pathToFileURL(reportPath).href;
const stripUrl = (u) => {
  try {
    const url = new URL(u);
    url.hash = "";
    url.search = "";
    return url.href;
  } catch {
    return u;
  }
};

// ------------------------------------------------------------------ browser

const requests = []; // every request URL the page made
const consoleErrors = []; // console messages of type "error"
const pageErrors = []; // uncaught exceptions

const browser = await launch();

try {
  const context = await browser.newContext({ viewport: SCREEN_VIEWPORT, locale: "ja-JP" });
  // Anything but the report itself (and inline data:/blob: URLs) is aborted so that a stray
  // CDN <script> cannot hang the load; it is still recorded and fails "no external requests".
  await context.route(
    (url) => !["file:", "data:", "blob:"].includes(url.protocol),
    (route) => route.abort(),
  );
  const page = await context.newPage();
  page.setDefaultTimeout(10000);
  page.on("request", (req) => requests.push(req.url()));
  page.on("console", (msg) => {
    if (msg.type() === "error") consoleErrors.push(`${msg.text()} (${msg.location().url || "?"}:${msg.location().lineNumber ?? "?"})`);
  });
  page.on("pageerror", (err) => pageErrors.push(String(err && err.stack ? err.stack : err)));

  await test("page loads", async () => {
    const resp = await page.goto(reportUrl, { waitUntil: "load" });
    await page.waitForLoadState("load");
    check(resp === null || resp.ok() || resp.status() === 0, `status ${resp && resp.status()}`);
    await page.evaluate(async () => { if (document.fonts) await document.fonts.ready; });
  });

  // ---------------------------------------------------------------- helpers on the page

  /** Every sheet row in DOM order with its data-* attributes and `hidden`. */
  const readRows = () =>
    page.$$eval("#sheets tbody tr.sheet", (trs) =>
      trs.map((tr) => ({
        path: tr.dataset.path ?? null,
        department: tr.dataset.department ?? null,
        division: tr.dataset.division ?? null,
        project: tr.dataset.project ?? null,
        result: tr.dataset.result ?? null,
        errors: tr.dataset.errors ?? null,
        warnings: tr.dataset.warnings ?? null,
        year: tr.dataset.year ?? null,
        hidden: tr.hidden,
      })),
    );
  const visible = (rows) => rows.filter((r) => r.hidden === false);

  /**
   * Lets the page finish reacting to an interaction: two animation frames and a task.
   * Without this, polling for the expected state could accept the state from *before*
   * the interaction when the page re-renders in requestAnimationFrame.
   */
  const settle = () =>
    page.evaluate(
      () => new Promise((r) => requestAnimationFrame(() => requestAnimationFrame(() => setTimeout(r, 0)))),
    );

  /** Clicks the sort button of one header cell. */
  const clickSort = async (key) => {
    await page.click(`#sheets thead th[data-key="${key}"] button`);
    await settle();
  };

  /** Whether `values` are in order under `cmp`, computed in the page (same ICU as the report). */
  const inOrder = (values, kind, direction) =>
    page.evaluate(
      ({ values, kind, direction }) => {
        const cmp = kind === "number" ? (a, b) => Number(a) - Number(b) : (a, b) => a.localeCompare(b, "ja");
        for (let i = 1; i < values.length; i++) {
          const c = cmp(values[i - 1], values[i]);
          if (direction === "asc" ? c > 0 : c < 0) return i; // first out-of-order index
        }
        return -1;
      },
      { values, kind, direction },
    );

  /**
   * Asserts that the rows' data-`field` values are sorted (`kind` "number" or "text",
   * `direction` "asc" or "desc"), polling briefly in case the page re-renders a frame later.
   */
  async function expectSorted(field, kind, direction) {
    const end = Date.now() + 3000;
    let values;
    let bad;
    for (;;) {
      values = (await readRows()).map((r) => r[field] ?? "");
      bad = await inOrder(values, kind, direction);
      if (bad < 0 || Date.now() > end) break;
      await sleep(50);
    }
    check(values.length === sheets.length, `${values.length} rows after sorting, expected ${sheets.length}`);
    check(bad < 0, `data-${field} not in ${direction}ending order at row ${bad}: ${short(values)}`);
  }

  /**
   * Applies a filter (`apply`), then checks that the visible rows are exactly those that
   * `want(row)` accepts and that their count is `count` (from EXPECTED).
   */
  async function expectFiltered(label, apply, want, count) {
    await apply();
    await settle();
    const rows = await poll(readRows, (rs) => rs.every((r) => (r.hidden === false) === want(r)));
    const shown = visible(rows);
    const wrong = rows.filter((r) => (r.hidden === false) !== want(r));
    check(
      wrong.length === 0,
      `${label}: ${wrong.length} row(s) wrongly ${wrong.length && wrong[0].hidden ? "hidden" : "shown"}, e.g. ${short(wrong.slice(0, 3).map((r) => r.path))}`,
    );
    check(shown.length === count, `${label}: ${shown.length} visible rows, EXPECTED has ${count} sheets`);
  }

  /** After a filter is reset every row must be visible again. */
  async function expectAllVisible(label) {
    const rows = await poll(readRows, (rs) => rs.every((r) => r.hidden === false));
    const hidden = rows.filter((r) => r.hidden !== false);
    check(hidden.length === 0, `${label}: ${hidden.length} row(s) still hidden after reset`);
  }

  /** Checks a <select> filter: its options and, per option, the rows left visible. */
  async function testSelectFilter(selector, field) {
    const want = distinct(field);
    const options = await page.$$eval(`${selector} option`, (os) => os.map((o) => o.value));
    check(options.length > 0, `${selector} has no options`);
    check(options[0] === "", `first option of ${selector} should have value "" (all), got ${short(options[0])}`);
    check(
      sameSet(options.slice(1), want),
      `${selector} options ${short(options.slice(1))}, expected the distinct ${field} values ${short(want)}`,
    );
    for (const value of want) {
      await expectFiltered(
        `${field}=${value}`,
        () => page.selectOption(selector, value),
        (r) => r[field] === value,
        countWhere((s) => s[field] === value),
      );
    }
    await page.selectOption(selector, "");
    await settle();
    await expectAllVisible(`${selector}=""`);
  }

  // ---------------------------------------------------------------- table contents

  await test("one row per sheet", async () => {
    const rows = await readRows();
    check(rows.length === sheets.length, `${rows.length} rows in #sheets tbody tr.sheet, EXPECTED has ${sheets.length} sheets`);
    const paths = rows.map((r) => slashes(r.path ?? ""));
    check(sameSet(paths, [...sheetByPath.keys()]), `row data-path ${short(paths)} ≠ EXPECTED paths ${short([...sheetByPath.keys()])}`);
    check(visible(rows).length === rows.length, `${rows.length - visible(rows).length} row(s) hidden before any filter`);
  });

  await test("row attributes match EXPECTED", async () => {
    const problems = [];
    for (const r of await readRows()) {
      const s = sheetByPath.get(slashes(r.path ?? ""));
      if (!s) continue; // reported by "one row per sheet"
      const want = {
        department: s.department ?? "",
        division: s.division ?? "",
        project: s.project ?? "",
        result: s.result ?? "",
        errors: String(s.errors),
        warnings: String(s.warnings),
        year: String(s.year),
      };
      for (const [k, v] of Object.entries(want)) {
        if (r[k] !== v) problems.push(`${s.path}: data-${k}=${short(r[k])}, expected ${short(v)}`);
      }
    }
    check(problems.length === 0, problems.slice(0, 10).join("; "));
  });

  await test("summary counts", async () => {
    const got = {};
    for (const key of ["sheets", "errors", "warnings"]) {
      got[key] = await page.$eval(`#summary [data-count="${key}"]`, (el) => el.textContent.trim()).catch(() => null);
    }
    const want = {
      sheets: String(expected.summary.sheets),
      errors: String(expected.summary.errors),
      warnings: String(expected.summary.warnings),
    };
    check(
      got.sheets === want.sheets && got.errors === want.errors && got.warnings === want.warnings,
      `#summary shows ${short(got)}, expected ${short(want)}`,
    );
  });

  await test("file links", async () => {
    const links = await page.$$eval("#sheets tbody tr.sheet", (trs) =>
      trs.map((tr) => ({ path: tr.dataset.path ?? "", href: tr.querySelector("a.file")?.href ?? null })),
    );
    const problems = [];
    for (const { path: p, href } of links) {
      if (href === null) {
        problems.push(`${p}: no a.file`);
        continue;
      }
      let decoded = href;
      try {
        decoded = decodeURIComponent(href);
      } catch {
        // malformed escapes: compare the raw href
      }
      if (!slashes(decoded).endsWith(slashes(p))) problems.push(`${p}: href ${href}`);
    }
    check(problems.length === 0, problems.slice(0, 10).join("; "));
  });

  await test("file links point at existing files", async () => {
    // Beyond endsWith: a relative link must resolve against the report's own folder.
    const hrefs = await page.$$eval("#sheets tbody tr.sheet a.file", (as) => as.map((a) => a.href));
    const missing = hrefs.filter((h) => h.startsWith("file:") && !fs.existsSync(fileURLToPath(stripUrl(h))));
    check(missing.length === 0, `link target(s) missing: ${short(missing.slice(0, 5))}`);
  });

  // Screenshot of the page as it opens (before sorting/filtering), for docs/report.png.
  await test("screenshot", async () => {
    fs.mkdirSync(path.dirname(screenshotPath), { recursive: true });
    // The top of the page (summary, charts, costs): what docs/report.png shows; the whole page is too tall.
    await page.setViewportSize({ width: 1280, height: 1600 });
    await page.screenshot({ path: screenshotPath, fullPage: false });
    check(fs.statSync(screenshotPath).size > 0, `empty ${screenshotPath}`);
  });

  // ---------------------------------------------------------------- sorting

  await test("sort by errors ascending", async () => {
    await clickSort("errors");
    await expectSorted("errors", "number", "asc");
  });
  await test("sort by errors descending", async () => {
    await clickSort("errors");
    await expectSorted("errors", "number", "desc");
  });
  await test("sort by project ascending", async () => {
    await clickSort("project");
    await expectSorted("project", "text", "asc");
  });

  // ---------------------------------------------------------------- filters

  await test("filter by department", () => testSelectFilter("#filter-department", "department"));
  await test("filter by division", () => testSelectFilter("#filter-division", "division"));
  await test("filter by rating", () => testSelectFilter("#filter-rating", "result"));
  await test("filter has errors", async () => {
    await expectFiltered(
      "has errors",
      () => page.check("#filter-errors"),
      (r) => Number(r.errors) > 0,
      countWhere((s) => s.errors > 0),
    );
    await page.uncheck("#filter-errors");
    await settle();
    await expectAllVisible("#filter-errors unchecked");
  });

  // ---------------------------------------------------------------- print

  await test("print layout fits A4 landscape", async () => {
    await page.emulateMedia({ media: "print" });
    await page.setViewportSize({ width: PRINT_WIDTH_PX, height: PRINT_HEIGHT_PX });
    await settle();
    const tables = await page.$$eval("table", (ts) =>
      ts.map((t, i) => {
        const box = t.getBoundingClientRect();
        return {
          which: t.id ? `#${t.id}` : `table[${i}]`,
          scrollWidth: t.scrollWidth,
          clientWidth: t.clientWidth,
          right: box.right + window.scrollX,
          shown: box.width > 0 && box.height > 0,
        };
      }),
    );
    check(tables.length > 0, "no table in the page");
    const problems = [];
    for (const t of tables) {
      if (t.scrollWidth > t.clientWidth + 1) problems.push(`${t.which}: scrollWidth ${t.scrollWidth} > clientWidth ${t.clientWidth}`);
      if (t.shown && t.right > PRINT_WIDTH_PX + 0.5) problems.push(`${t.which}: right edge ${t.right.toFixed(1)}px > ${PRINT_WIDTH_PX}px`);
    }
    check(problems.length === 0, problems.join("; "));
  });

  await test("pdf", async () => {
    fs.mkdirSync(path.dirname(pdfPath), { recursive: true });
    await page.pdf({ path: pdfPath, format: "A4", landscape: true, printBackground: true });
    check(fs.existsSync(pdfPath), `${pdfPath} not written`);
    const head = Buffer.alloc(4);
    const fd = fs.openSync(pdfPath, "r");
    fs.readSync(fd, head, 0, 4, 0);
    fs.closeSync(fd);
    check(head.toString("latin1") === "%PDF", `${pdfPath} starts with ${short(head.toString("latin1"))}, not %PDF`);
  });

  // ---------------------------------------------------------------- self-containment (last:
  // sorting, filtering and printing may load things lazily)

  await test("no external requests", async () => {
    const own = stripUrl(reportUrl);
    const others = requests.filter((u) => !u.startsWith("data:") && !u.startsWith("blob:") && stripUrl(u) !== own);
    check(others.length === 0, `requests other than the report itself: ${short([...new Set(others)])}`);
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
