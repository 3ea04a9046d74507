// Test-only companion of the hyoka extension, installed by test/e2e/run.mjs next to the
// .vsix under test (it is not part of the shipped extension). It reads what VS Code holds
// through the public API and writes it as JSON to $HYOKA_TEST_OUT, which the
// browser-driven harness reads:
//   hyokaE2E.dumpDiagnostics  every diagnostic (uri, range, severity, source, code,
//                             message, the text under the range) and the open documents
//   hyokaE2E.dumpFolding      the folding ranges of every open hyoka document, from
//                             vscode.executeFoldingRangeProvider (all registered providers)
const fs = require("node:fs");
const vscode = require("vscode");

function write(result) {
  const text = JSON.stringify({ time: Date.now(), ...result }, null, 1);
  const target = process.env.HYOKA_TEST_OUT;
  if (target) {
    fs.writeFileSync(target + ".tmp", text);
    fs.renameSync(target + ".tmp", target);
  }
  return text;
}

function hyokaExtension() {
  const ext = vscode.extensions.all.find((e) => e.packageJSON && e.packageJSON.name === "hyoka" && e.packageJSON.publisher === "hyoka");
  return ext ? { id: ext.id, active: ext.isActive } : null;
}

function documents() {
  return vscode.workspace.textDocuments
    .filter((d) => d.uri.scheme === "file" || d.uri.scheme === "untitled")
    .map((d) => ({ uri: d.uri.toString(), languageId: d.languageId, version: d.version, dirty: d.isDirty }));
}

async function dumpDiagnostics() {
  const out = [];
  for (const [uri, diags] of vscode.languages.getDiagnostics()) {
    let doc = vscode.workspace.textDocuments.find((d) => d.uri.toString() === uri.toString());
    if (!doc && diags.length) {
      try {
        doc = await vscode.workspace.openTextDocument(uri);
      } catch {
        doc = undefined;
      }
    }
    for (const d of diags) {
      const code = typeof d.code === "object" && d.code !== null ? d.code.value : d.code;
      out.push({
        uri: uri.toString(),
        range: {
          start: { line: d.range.start.line, character: d.range.start.character },
          end: { line: d.range.end.line, character: d.range.end.character },
        },
        severity: vscode.DiagnosticSeverity[d.severity],
        source: d.source,
        code,
        message: d.message,
        text: doc ? doc.getText(d.range) : "",
      });
    }
  }
  return write({ kind: "diagnostics", extension: hyokaExtension(), documents: documents(), diagnostics: out });
}

async function dumpFolding() {
  const folding = [];
  for (const d of vscode.workspace.textDocuments) {
    if (d.languageId !== "hyoka") continue;
    const ranges = (await vscode.commands.executeCommand("vscode.executeFoldingRangeProvider", d.uri)) || [];
    folding.push({
      uri: d.uri.toString(),
      ranges: ranges.map((r) => ({ start: r.start, end: r.end, kind: r.kind === undefined ? null : vscode.FoldingRangeKind[r.kind] })),
    });
  }
  return write({ kind: "folding", extension: hyokaExtension(), documents: documents(), folding });
}

exports.activate = (context) => {
  context.subscriptions.push(
    vscode.commands.registerCommand("hyokaE2E.dumpDiagnostics", dumpDiagnostics),
    vscode.commands.registerCommand("hyokaE2E.dumpFolding", dumpFolding),
  );
};
exports.deactivate = () => {};
