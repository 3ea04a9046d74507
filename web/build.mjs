// Bundles the page into one self-contained file: dist/hyoka.html with CodeMirror, the page's script and the
// WebAssembly core (inlined, gzip-compressed and base64-encoded: a page opened from file:// cannot fetch a
// .wasm file).
//
//   node web/build.mjs PKG_DIR OUT_HTML     (scripts/dist.sh runs it after wasm-bindgen and wasm-opt)
import * as esbuild from "esbuild";
import fs from "node:fs";
import path from "node:path";
import { fileURLToPath } from "node:url";
import zlib from "node:zlib";

const here = path.dirname(fileURLToPath(import.meta.url));
const [pkg, out] = process.argv.slice(2);
if (!pkg || !out) {
  console.error("usage: node web/build.mjs PKG_DIR OUT_HTML");
  process.exit(2);
}
const glue = path.resolve(pkg, "hyoka_wasm.js");
const wasm = path.resolve(pkg, "hyoka_wasm_bg.wasm");
// The wasm gzip-compressed and base64-encoded, as a module the page imports (it unpacks it with the
// browser's DecompressionStream): a third of the raw size once inlined.
const packed = path.resolve(pkg, "hyoka_wasm_bg.wasm.gz.js");
const gz = zlib.gzipSync(fs.readFileSync(wasm), { level: 9 });
fs.writeFileSync(packed, `export default ${JSON.stringify(gz.toString("base64"))};\n`);
const result = await esbuild.build({
  entryPoints: [path.join(here, "src/main.js")],
  bundle: true,
  format: "iife",
  minify: true,
  write: false,
  target: ["chrome109", "edge109"],
  alias: { "hyoka-wasm-glue": glue, "hyoka-wasm-binary": packed },
  logLevel: "warning",
});
const script = result.outputFiles[0].text.replace(/<\/script/gi, "<\\/script");
const html = fs
  .readFileSync(path.join(here, "src/page.html"), "utf8")
  .replace("/*STYLE*/", () => fs.readFileSync(path.join(here, "src/page.css"), "utf8"))
  .replace("/*SCRIPT*/", () => script);
fs.mkdirSync(path.dirname(out), { recursive: true });
fs.writeFileSync(out, html);
console.error(`${out}: ${(html.length / 1e6).toFixed(2)} MB (wasm ${(fs.statSync(wasm).size / 1e6).toFixed(2)} MB)`);
