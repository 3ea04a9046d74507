// The offline page: a CodeMirror 6 editor over hyoka's core compiled to WebAssembly. Every check, help text,
// fix and colour comes from the core (crates/hyoka-wasm); this file only wires them to the editor. Nothing
// is sent anywhere: the page makes no network request.
import { EditorState, StateEffect, StateField, RangeSetBuilder } from "@codemirror/state";
import {
  EditorView, keymap, lineNumbers, highlightActiveLine, drawSelection, hoverTooltip, Decoration, ViewPlugin,
} from "@codemirror/view";
import { defaultKeymap, history, historyKeymap } from "@codemirror/commands";
import { searchKeymap } from "@codemirror/search";
import { setDiagnostics, lintGutter } from "@codemirror/lint";
import { initSync, analyse, check, hover, forms, decode, save, skeleton } from "hyoka-wasm-glue";
import wasmGzipBase64 from "hyoka-wasm-binary";
import { WORDS } from "./words.js";

/** The core: inlined gzip-compressed (the page is half the size, and parsed sooner), unpacked by the browser. */
async function loadCore() {
  const packed = Uint8Array.from(atob(wasmGzipBase64), (c) => c.charCodeAt(0));
  const stream = new Blob([packed]).stream().pipeThrough(new DecompressionStream("gzip"));
  initSync({ module: new Uint8Array(await new Response(stream).arrayBuffer()) });
}

const $ = (id) => document.getElementById(id);
const page = {
  view: null,
  /** The file as opened: its name, bytes and text (what `save` splices the changes into). */
  file: null,
  /** The form chosen in the menu ("" = the title line chooses). */
  form: "",
  /** The last analysis and when it was shown (tests and the benchmark read these). */
  analysis: null,
  analysedAt: 0,
  analyses: 0,
};

/** A small Markdown renderer for the core's help texts: paragraphs, **bold**, `code`, lists, code blocks. */
function markdown(md) {
  const esc = (s) => s.replace(/[&<>"]/g, (c) => ({ "&": "&amp;", "<": "&lt;", ">": "&gt;", '"': "&quot;" })[c]);
  const inline = (s) =>
    esc(s).replace(/\*\*(.+?)\*\*/g, "<strong>$1</strong>").replace(/`([^`]+)`/g, "<code>$1</code>");
  const out = [];
  let list = false, code = false;
  for (const line of md.split("\n")) {
    if (line.startsWith("```")) {
      if (list) { out.push("</ul>"); list = false; }
      out.push(code ? "</pre>" : "<pre>");
      code = !code;
      continue;
    }
    if (code) { out.push(esc(line)); continue; }
    const item = line.match(/^\s*[-*]\s+(.*)$/);
    if (item) {
      if (!list) { out.push("<ul>"); list = true; }
      out.push(`<li>${inline(item[1])}</li>`);
      continue;
    }
    if (list) { out.push("</ul>"); list = false; }
    if (line.trim()) out.push(`<p>${inline(line)}</p>`);
  }
  if (list) out.push("</ul>");
  if (code) out.push("</pre>");
  return out.join("");
}

// ── Colouring from the core's semantic tokens ─────────────────────────────────────────────────────────
const setTokens = StateEffect.define();
const tokenField = StateField.define({
  create: () => Decoration.none,
  update(deco, tr) {
    deco = deco.map(tr.changes);
    for (const e of tr.effects) if (e.is(setTokens)) deco = e.value;
    return deco;
  },
  provide: (f) => EditorView.decorations.from(f),
});

function tokenDecorations(tokens, length) {
  const b = new RangeSetBuilder();
  for (const [from, to, type] of tokens) {
    if (to > from && to <= length) b.add(from, to, Decoration.mark({ class: `tok-${type}` }));
  }
  return b.finish();
}

// ── Analysis after every change: diagnostics, colours, outline, problems ───────────────────────────────
function analyseNow(view) {
  const text = view.state.doc.toString(); // line breaks as "\n": positions are CodeMirror's
  const a = JSON.parse(analyse(text, page.form));
  page.analysis = a;
  const length = view.state.doc.length;
  const diagnostics = a.diagnostics
    .filter((d) => d.to <= length)
    .map((d) => ({
      from: d.from,
      to: Math.max(d.to, d.from),
      severity: d.severity === "hint" ? "hint" : d.severity,
      source: d.rule,
      message: d.message,
      actions: d.fixes.map((f) => ({ name: f.title, apply: (v) => applyEdits(v, f.edits) })),
    }));
  view.dispatch(setDiagnostics(view.state, diagnostics), { effects: setTokens.of(tokenDecorations(a.tokens, length)) });
  renderOutline(a.outline);
  renderProblems(a.diagnostics);
  $("form-used").textContent = formName(a.form);
  page.analysedAt = performance.now();
  page.analyses += 1;
}

const analyser = ViewPlugin.fromClass(
  class {
    constructor(view) { queueMicrotask(() => analyseNow(view)); }
    update(u) { if (u.docChanged) queueMicrotask(() => analyseNow(u.view)); }
  },
);

function applyEdits(view, edits) {
  view.dispatch({ changes: edits.map((e) => ({ from: e.from, to: e.to, insert: e.insert })) });
}

function jump(view, pos) {
  view.dispatch({ selection: { anchor: pos }, scrollIntoView: true });
  view.focus();
}

// ── Hover help ────────────────────────────────────────────────────────────────────────────────────────
const help = hoverTooltip((view, pos) => {
  const h = JSON.parse(hover(view.state.doc.toString(), page.form, pos));
  if (!h) return null;
  return {
    pos: h.from,
    end: h.to,
    above: true,
    create() {
      const dom = document.createElement("div");
      dom.className = "help";
      dom.innerHTML = markdown(h.markdown);
      return { dom };
    },
  };
});

// ── Panels ────────────────────────────────────────────────────────────────────────────────────────────
function renderOutline(symbols) {
  const root = $("outline-list");
  root.replaceChildren();
  const add = (list, parent, depth) => {
    for (const s of list) {
      const li = document.createElement("li");
      const b = document.createElement("button");
      b.type = "button";
      b.className = `sym sym-${s.kind}`;
      b.textContent = s.name;
      b.style.paddingLeft = `${0.4 + depth * 0.9}em`;
      b.dataset.at = s.at;
      b.addEventListener("click", () => jump(page.view, s.at));
      li.append(b);
      parent.append(li);
      if (s.children.length) add(s.children, parent, depth + 1);
    }
  };
  add(symbols, root, 0);
}

function lineCol(pos) {
  const line = page.view.state.doc.lineAt(pos);
  return `${line.number}:${pos - line.from + 1}`;
}

function renderProblems(diags) {
  const root = $("problems-list");
  root.replaceChildren();
  const counts = { error: 0, warning: 0, info: 0, hint: 0 };
  for (const d of diags) {
    counts[d.severity] += 1;
    const li = document.createElement("li");
    li.className = `problem ${d.severity}`;
    li.dataset.rule = d.rule;
    const go = document.createElement("button");
    go.type = "button";
    go.className = "go";
    go.textContent = `${WORDS.severity[d.severity]} ${lineCol(d.from)} ${d.message}`;
    go.addEventListener("click", () => jump(page.view, d.from));
    li.append(go);
    for (const f of d.fixes) {
      const fix = document.createElement("button");
      fix.type = "button";
      fix.className = f.title.includes("hyoka-disable") || f.edits.some((e) => e.insert.includes("hyoka-disable")) ? "fix disable" : "fix";
      fix.textContent = f.title;
      fix.addEventListener("click", () => { applyEdits(page.view, f.edits); page.view.focus(); });
      li.append(fix);
    }
    root.append(li);
  }
  $("counts").textContent = WORDS.counts(counts);
}

// ── Files: open (UTF-8 or Shift_JIS, drag and drop too), save in the file's own bytes ─────────────────
function newState(text) {
  return EditorState.create({
    doc: text,
    extensions: [
      lineNumbers(), history(), drawSelection(), highlightActiveLine(), EditorView.lineWrapping,
      keymap.of([...defaultKeymap, ...historyKeymap, ...searchKeymap]),
      lintGutter(), tokenField, analyser, help,
    ],
  });
}

function load(text, file) {
  page.file = file;
  const crlf = file ? file.crlf : false;
  // The editor splits lines at any break and holds them as "\n"; the file's own breaks come back on saving.
  page.view.setState(newState(text));
  $("file-name").textContent = file ? file.name : WORDS.untitled;
  $("file-encoding").textContent = file ? `${WORDS.encoding[file.encoding]}・${crlf ? "CRLF" : "LF"}` : "UTF-8・LF";
}

async function openFile(f) {
  const bytes = new Uint8Array(await f.arrayBuffer());
  const d = JSON.parse(decode(bytes));
  if (d.error) {
    $("message").textContent = `${f.name}: ${d.error}`;
    return;
  }
  $("message").textContent = "";
  // The editor holds the text with "\n" between lines; the file's own line ends come back on saving.
  load(d.text, { name: f.name, bytes, text: d.text, encoding: d.encoding, crlf: d.crlf });
}

function saveFile() {
  const view = page.view;
  // With the file's line ends, whatever a fix or a paste inserted.
  const text = view.state.doc.sliceString(0, undefined, page.file && page.file.crlf ? "\r\n" : "\n");
  let bytes;
  if (page.file) {
    bytes = save(page.file.bytes, page.file.text, text);
    if (bytes.length === 0 && text.length > 0) {
      $("message").textContent = WORDS.unencodable;
      return;
    }
  } else {
    bytes = new TextEncoder().encode(text);
  }
  $("message").textContent = "";
  const url = URL.createObjectURL(new Blob([bytes], { type: "application/octet-stream" }));
  const a = document.createElement("a");
  a.href = url;
  a.download = page.file ? page.file.name : "sheet.hyoka";
  document.body.append(a);
  a.click();
  a.remove();
  setTimeout(() => URL.revokeObjectURL(url), 1000);
}

function formName(id) {
  const f = page.forms.find((x) => x.id === id);
  return f ? f.name : id;
}

/** The fiscal year a new sheet evaluates: the one before the current Japanese fiscal year (from April). */
function evaluatedYear(now = new Date()) {
  const jst = new Date(now.getTime() + 9 * 3600 * 1000);
  const y = jst.getUTCFullYear();
  return (jst.getUTCMonth() >= 3 ? y : y - 1) - 1;
}

// ── Start ─────────────────────────────────────────────────────────────────────────────────────────────
async function start() {
  await loadCore();
  page.forms = JSON.parse(forms());
  const select = $("form");
  for (const f of page.forms) {
    const o = document.createElement("option");
    o.value = f.id;
    o.textContent = f.name;
    select.append(o);
  }
  select.addEventListener("change", () => {
    page.form = select.value;
    analyseNow(page.view);
  });
  page.view = new EditorView({ state: newState(""), parent: $("editor") });
  $("open").addEventListener("change", (e) => {
    const f = e.target.files[0];
    e.target.value = ""; // the same file chosen again opens again
    if (f) openFile(f);
  });
  $("save").addEventListener("click", saveFile);
  $("new").addEventListener("click", () => {
    const id = page.form || page.forms[0].id;
    load(skeleton(id, evaluatedYear()), null);
  });
  for (const ev of ["dragover", "drop"]) {
    document.addEventListener(ev, (e) => {
      e.preventDefault();
      if (ev === "drop" && e.dataTransfer.files[0]) openFile(e.dataTransfer.files[0]);
    });
  }
  load(skeleton(page.forms[0].id, evaluatedYear()), null);

  // The fixed API for tests: the command line's JSON for one file, with the page's choice of form.
  window.hyoka = {
    check: (text) => JSON.parse(check(text, page.form)),
  };
  // For tests and the benchmark: the editor and when it was last analysed.
  window.hyokaPage = page;
}
start();
