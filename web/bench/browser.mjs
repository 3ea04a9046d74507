// Benchmark of the offline editor page (dist/hyoka.html) in headless Chromium, opened from file://.
// Not a test: it prints figures and the aims beside them, and exits 0 unless the page cannot be measured.
//
//   node web/bench/browser.mjs PAGE.html
//
// (a) load: from the start of `page.goto` to `window.hyokaPage.analyses > 0` (the first analysis shown),
//     5 fresh pages; also the same moment as the page itself sees it (`analysedAt`, which counts from the
//     navigation's start, without Playwright's polling).
// (b) keystroke: examples/complete.hyoka opened through the file input; 200 characters (あ) inserted one at a
//     time at the end of a value line, the whole loop inside one `page.evaluate` (no Playwright round trip):
//     `performance.now()` just before `view.dispatch({changes})`, then wait until `hyokaPage.analyses` has
//     gone up and `analysedAt` is set, plus one requestAnimationFrame. As each keystroke follows the
//     previous one's frame, that wait is one frame (16.7 ms at 60 Hz) when the work fits in it, and longer
//     by as much as the frame is late; so the work alone (dispatch → analysis shown, synchronous) is
//     printed as well.
// (c) sizes: the HTML file and the wasm (target/cross/wasm/pkg/hyoka_wasm_bg.wasm when present).
//
// Aims: keystroke p99 < 16 ms, load < 500 ms, wasm < 2 MB, HTML < 3 MB.
// Env: CHROMIUM (or HYOKA_CHROMIUM) — the Chromium binary, default /usr/bin/chromium.
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import zlib from "node:zlib";
import { fileURLToPath, pathToFileURL } from "node:url";
import { chromium } from "playwright-core";

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "../..");
const CHROMIUM_PATH = process.env.CHROMIUM || process.env.HYOKA_CHROMIUM || "/usr/bin/chromium";
const LOADS = 5;
const KEYSTROKES = 200;
const WARMUP = 10;
const SHEET = path.join(ROOT, "examples/complete.hyoka");
const VALUE_LINE = "事務事業名"; // typed at the end of this field's line
const WASM = path.join(ROOT, "target/cross/wasm/pkg/hyoka_wasm_bg.wasm");
const AIM = { keystrokeP99: 16, load: 500, wasm: 2e6, html: 3e6 };

const [pageArg] = process.argv.slice(2);
if (!pageArg) {
  console.error("usage: node web/bench/browser.mjs PAGE.html");
  process.exit(2);
}
const pagePath = path.resolve(pageArg);
if (!fs.existsSync(pagePath)) {
  console.error(`web/bench/browser.mjs: no such file: ${pagePath}`);
  process.exit(2);
}
const pageUrl = pathToFileURL(pagePath).href;

const quantile = (xs, q) => {
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.min(s.length - 1, Math.max(0, Math.ceil(q * s.length) - 1))];
};
const median = (xs) => {
  const s = [...xs].sort((a, b) => a - b);
  const m = s.length >> 1;
  return s.length % 2 ? s[m] : (s[m - 1] + s[m]) / 2;
};
const ms = (x) => `${x.toFixed(1)} ms`;
const mb = (x) => `${(x / 1e6).toFixed(2)} MB`;

const browser = await chromium.launch({ executablePath: CHROMIUM_PATH, args: ["--no-sandbox"] });
const blockNetwork = (page) =>
  page.route("**/*", (r) =>
    /^(file|data|blob):/.test(r.request().url()) ? r.continue() : r.abort(),
  );
const errors = [];
const watch = (page) => page.on("pageerror", (e) => errors.push(String(e)));

try {
  // ---------------------------------------------------------------- (a) load
  const loadWall = [];
  const loadPage = [];
  for (let i = 0; i < LOADS; i++) {
    const context = await browser.newContext({ viewport: { width: 1280, height: 720 } });
    const page = await context.newPage();
    watch(page);
    await blockNetwork(page);
    const t0 = performance.now();
    await page.goto(pageUrl, { waitUntil: "commit" });
    await page.waitForFunction(() => window.hyokaPage && window.hyokaPage.analyses > 0, null, { timeout: 10000, polling: 5 });
    loadWall.push(performance.now() - t0);
    // The page analyses twice as it starts (the empty editor, then the new sheet), in one task: the last
    // analysedAt is when it became usable, counted from the navigation's start.
    loadPage.push(await page.evaluate(() => window.hyokaPage.analysedAt));
    await context.close();
  }

  // ---------------------------------------------------------------- (b) keystroke
  const context = await browser.newContext({ viewport: { width: 1280, height: 720 } });
  const page = await context.newPage();
  watch(page);
  await blockNetwork(page);
  await page.goto(pageUrl);
  await page.waitForFunction(() => window.hyokaPage && window.hyokaPage.analyses > 0, null, { timeout: 10000 });
  const before = await page.evaluate(() => window.hyokaPage.analyses);
  await page.setInputFiles("#open", SHEET);
  await page.waitForFunction(
    ({ before, name }) => window.hyokaPage.analyses > before && document.getElementById("file-name").textContent === name,
    { before, name: path.basename(SHEET) },
    { timeout: 10000 },
  );
  const k = await page.evaluate(
    async ({ label, n, warmup }) => {
      const page = window.hyokaPage;
      const view = page.view;
      const doc = view.state.doc;
      let line = null;
      for (let i = 1; i <= doc.lines; i++) {
        if (doc.line(i).text.startsWith(label)) { line = doc.line(i); break; }
      }
      if (!line) return { error: `no line starting with ${label}` };
      let pos = line.to;
      view.focus();
      view.dispatch({ selection: { anchor: pos }, scrollIntoView: true });
      const frame = () => new Promise((r) => requestAnimationFrame(r));
      await frame();
      const total = [];
      const work = [];
      const diagnostics = [];
      for (let i = 0; i < warmup + n; i++) {
        const count = page.analyses;
        const t0 = performance.now();
        view.dispatch({ changes: { from: pos, insert: "あ" }, selection: { anchor: pos + 1 } });
        pos += 1;
        // The analysis runs in a microtask after the change: wait for it (time-boxed), then a frame.
        const limit = t0 + 10000;
        while (!(page.analyses > count && page.analysedAt >= t0)) {
          if (performance.now() > limit) return { error: `no analysis within 10 s after keystroke ${i}` };
          await new Promise((r) => setTimeout(r, 0));
        }
        const shown = page.analysedAt;
        await frame();
        const t1 = performance.now();
        if (i >= warmup) {
          total.push(t1 - t0);
          work.push(shown - t0);
          diagnostics.push(page.analysis.diagnostics.length);
        }
      }
      return { total, work, length: view.state.doc.length, lines: view.state.doc.lines, diagnostics: diagnostics.at(-1) };
    },
    { label: VALUE_LINE, n: KEYSTROKES, warmup: WARMUP },
  );
  if (k.error) throw new Error(k.error);

  // A short sanity run of real typing (Playwright's keyboard, one character at a time): every character is
  // analysed. Not timed (each character is a Playwright round trip).
  const typed = 20;
  const a0 = await page.evaluate(() => window.hyokaPage.analyses);
  for (let i = 0; i < typed; i++) await page.keyboard.type("い");
  await page.waitForFunction((n) => window.hyokaPage.analyses >= n, a0 + typed, { timeout: 10000 }).catch(() => {});
  const a1 = await page.evaluate(() => window.hyokaPage.analyses);
  await context.close();

  // ---------------------------------------------------------------- (c) sizes
  const html = fs.readFileSync(pagePath);
  const wasmSize = fs.existsSync(WASM) ? fs.statSync(WASM).size : null;

  // ---------------------------------------------------------------- report
  const rows = [];
  const row = (what, value, aim, ok) => rows.push([what, value, aim, ok === undefined ? "" : ok ? "ok" : "OVER"]);
  const loadMax = Math.max(...loadWall);
  row(`load → first analysis (goto start, median of ${LOADS})`, ms(median(loadWall)), `< ${AIM.load} ms`, median(loadWall) < AIM.load);
  row(`load → first analysis (goto start, max of ${LOADS})`, ms(loadMax), `< ${AIM.load} ms`, loadMax < AIM.load);
  if (loadPage.length) {
    row(`  as the page sees it (navigation start, median / max)`, `${ms(median(loadPage))} / ${ms(Math.max(...loadPage))}`, "", undefined);
  }
  const p50 = quantile(k.total, 0.5), p99 = quantile(k.total, 0.99), max = Math.max(...k.total);
  row(`keystroke → diagnostics + 1 frame, p50 (n=${k.total.length})`, ms(p50), "", undefined);
  row(`keystroke → diagnostics + 1 frame, p99`, ms(p99), `< ${AIM.keystrokeP99} ms`, p99 < AIM.keystrokeP99);
  row(`keystroke → diagnostics + 1 frame, max`, ms(max), "", undefined);
  const w50 = quantile(k.work, 0.5), w99 = quantile(k.work, 0.99), wmax = Math.max(...k.work);
  row(`keystroke → diagnostics shown (work only), p50 / p99 / max`, `${ms(w50)} / ${ms(w99)} / ${ms(wmax)}`, `< ${AIM.keystrokeP99} ms`, w99 < AIM.keystrokeP99);
  row(`HTML (${path.basename(pagePath)})`, `${mb(html.length)} (gzip ${mb(zlib.gzipSync(html).length)})`, `< ${mb(AIM.html)}`, html.length < AIM.html);
  row(`wasm (hyoka_wasm_bg.wasm)`, wasmSize === null ? "not found" : mb(wasmSize), `< ${mb(AIM.wasm)}`, wasmSize === null ? undefined : wasmSize < AIM.wasm);

  const widths = [0, 1, 2].map((c) => Math.max(...rows.map((r) => [...r[c]].length)));
  const pad = (s, w) => s + " ".repeat(Math.max(0, w - [...s].length));
  console.log(`hyoka page benchmark — ${pageUrl}`);
  console.log(`Chromium ${browser.version()}, ${os.cpus().length} × ${os.cpus()[0]?.model ?? "?"}, node ${process.version}`);
  console.log(`sheet: ${path.relative(ROOT, SHEET)} (${k.lines} lines, ${k.length} UTF-16 units after typing, ${k.diagnostics} diagnostics)`);
  console.log("");
  for (const r of rows) console.log(`${pad(r[0], widths[0])}  ${pad(r[1], widths[1])}  ${pad(r[2], widths[2])}  ${r[3]}`);
  console.log("");
  console.log(`load, each (ms): ${loadWall.map((x) => x.toFixed(1)).join(", ")}`);
  console.log(`real typing (page.keyboard.type, ${typed} characters): ${a1 - a0} analyses`);
  console.log("note: '+ 1 frame' includes the wait for the next frame: one frame (16.7 ms at 60 Hz) when the work fits in it.");
  if (errors.length) console.log(`page errors: ${errors.slice(0, 3).join("; ")}`);
} catch (err) {
  console.error(`web/bench/browser.mjs: ${err && err.stack ? err.stack : err}`);
  process.exitCode = 1;
} finally {
  await browser.close().catch(() => {});
}
