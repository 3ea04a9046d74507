// VS Code client for hyoka, the language server for 事業評価シート.
import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import * as vscode from "vscode";
import {
  DidChangeConfigurationNotification,
  LanguageClient,
  LanguageClientOptions,
  ServerOptions,
  State,
  TransportKind,
} from "vscode-languageclient/node";
import { bundledServerName, isBuiltinFormId, pathExtensions } from "./server";
import { looksLikeSheet } from "./sniff";

const LANGUAGE_ID = "hyoka";
let client: LanguageClient | undefined;
let outputChannel: vscode.OutputChannel;
let traceChannel: vscode.OutputChannel;
let extensionContext: vscode.ExtensionContext;

export async function activate(context: vscode.ExtensionContext): Promise<void> {
  extensionContext = context;
  outputChannel = vscode.window.createOutputChannel("hyoka");
  traceChannel = vscode.window.createOutputChannel("hyoka (trace)");
  context.subscriptions.push(outputChannel, traceChannel);

  // Plain-text documents whose first 50 non-blank lines hold 事業評価シート are sheets.
  context.subscriptions.push(vscode.workspace.onDidOpenTextDocument((doc) => void sniff(doc)));
  for (const doc of vscode.workspace.textDocuments) void sniff(doc);

  context.subscriptions.push(
    vscode.commands.registerCommand("hyoka.restartServer", restartServer),
    vscode.commands.registerCommand("hyoka.showLog", () => outputChannel.show(true)),
    vscode.workspace.onDidChangeConfiguration((e) => {
      if (e.affectsConfiguration("hyoka.path")) {
        void restartServer();
      } else if (e.affectsConfiguration("hyoka.rules") || e.affectsConfiguration("hyoka.form")) {
        void client?.sendNotification(DidChangeConfigurationNotification.type, { settings: serverSettings() });
      }
    }),
  );
  // Start the server with the first sheet, not for every plain-text file that activated us.
  const maybeStart = (doc: vscode.TextDocument) => {
    if (doc.languageId === LANGUAGE_ID && !client && !startAttempted) {
      startAttempted = true;
      void startServer();
    }
  };
  context.subscriptions.push(vscode.workspace.onDidOpenTextDocument(maybeStart));
  vscode.workspace.textDocuments.forEach(maybeStart);
}

let startAttempted = false;

export async function deactivate(): Promise<void> {
  await stopServer();
}

async function sniff(doc: vscode.TextDocument): Promise<void> {
  if (doc.languageId !== "plaintext") return;
  if (!looksLikeSheet(doc.getText())) return;
  try {
    await vscode.languages.setTextDocumentLanguage(doc, LANGUAGE_ID);
    log(`switched ${doc.uri.toString()} to the hyoka language (事業評価シート found)`);
  } catch (err) {
    log(`could not switch ${doc.uri.toString()} to hyoka: ${String(err)}`);
  }
}

/** The settings object the server takes: `{ hyoka: { rules, form } }`. */
function serverSettings(): { hyoka: { rules: Record<string, string>; form?: string } } {
  const cfg = vscode.workspace.getConfiguration("hyoka");
  const rules = cfg.get<Record<string, string>>("rules") ?? {};
  const form = (cfg.get<string>("form") ?? "").trim();
  const value = isBuiltinFormId(form) ? form : expandPath(form);
  return { hyoka: form ? { rules, form: value } : { rules } };
}

function expandPath(p: string): string {
  if (p === "~" || p.startsWith("~/")) p = path.join(os.homedir(), p.slice(1));
  const folder = vscode.workspace.workspaceFolders?.[0];
  if (!path.isAbsolute(p) && folder && folder.uri.scheme === "file") p = path.join(folder.uri.fsPath, p);
  return p;
}

function isExecutable(p: string): boolean {
  try {
    fs.accessSync(p, fs.constants.X_OK);
    return fs.statSync(p).isFile();
  } catch {
    return false;
  }
}

function findOnPath(name: string): string | undefined {
  const exts = pathExtensions(process.platform, process.env.PATHEXT);
  for (const dir of (process.env.PATH ?? "").split(path.delimiter)) {
    if (!dir) continue;
    for (const ext of exts) {
      const candidate = path.join(dir, name + ext);
      if (isExecutable(candidate)) return candidate;
    }
  }
  return undefined;
}

/** Server lookup: binary bundled in the extension, else `hyoka.path`, else PATH. */
export function findServer(): { path?: string; tried: string[] } {
  const tried: string[] = [];
  const exe = bundledServerName(process.platform);
  const bundled = extensionContext.asAbsolutePath(path.join("server", exe));
  tried.push(bundled);
  if (!isExecutable(bundled) && fs.existsSync(bundled)) {
    try {
      fs.chmodSync(bundled, 0o755); // a .vsix may lose the executable bit
    } catch {
      // read-only install: fall through to hyoka.path / PATH
    }
  }
  if (isExecutable(bundled)) return { path: bundled, tried };
  const configured = (vscode.workspace.getConfiguration("hyoka").get<string>("path") ?? "").trim();
  if (configured) {
    const p = expandPath(configured);
    tried.push(`hyoka.path = ${p}`);
    if (isExecutable(p)) return { path: p, tried };
    const onPath = !configured.includes("/") && !configured.includes("\\") ? findOnPath(configured) : undefined;
    if (onPath) return { path: onPath, tried };
  }
  tried.push("PATH");
  const onPath = findOnPath(exe.replace(/\.exe$/, ""));
  return { path: onPath, tried };
}

async function startServer(): Promise<void> {
  const found = findServer();
  if (!found.path) {
    const msg = vscode.l10n.t(
      "hyoka: the language server binary was not found (looked in: {0}). Install it with `cargo install --path .` in the hyoka repository, or set \"hyoka.path\" to the full path of the hyoka binary, then run \"hyoka: Restart Server\".",
      found.tried.join(", "),
    );
    log(msg);
    const openSettings = vscode.l10n.t("Open Settings");
    const showLog = vscode.l10n.t("Show Log");
    void vscode.window.showErrorMessage(msg, openSettings, showLog).then((choice) => {
      if (choice === openSettings) void vscode.commands.executeCommand("workbench.action.openSettings", "hyoka.path");
      if (choice === showLog) outputChannel.show(true);
    });
    return;
  }
  log(`starting ${found.path} lsp`);
  // TransportKind.stdio makes the client append `--stdio`, which `hyoka lsp` ignores.
  const serverOptions: ServerOptions = {
    run: { command: found.path, args: ["lsp"], transport: TransportKind.stdio },
    debug: { command: found.path, args: ["lsp"], transport: TransportKind.stdio },
  };
  const clientOptions: LanguageClientOptions = {
    documentSelector: [
      { language: LANGUAGE_ID, scheme: "file" },
      { language: LANGUAGE_ID, scheme: "untitled" },
    ],
    initializationOptions: serverSettings(),
    outputChannel,
    traceOutputChannel: traceChannel,
    // Settings are pushed by hand (see onDidChangeConfiguration) in the `{ hyoka: {...} }` shape.
  };
  client = new LanguageClient("hyoka", vscode.l10n.t("hyoka language server"), serverOptions, clientOptions);
  try {
    await client.start();
    log(`server started (${client.initializeResult?.serverInfo?.name ?? "hyoka"} ${client.initializeResult?.serverInfo?.version ?? ""})`);
  } catch (err) {
    const msg = vscode.l10n.t("hyoka: the language server failed to start: {0}", String(err));
    log(msg);
    void vscode.window.showErrorMessage(msg);
  }
}

async function stopServer(): Promise<void> {
  const c = client;
  client = undefined;
  if (c && c.state !== State.Stopped) {
    try {
      await c.stop(3000);
    } catch (err) {
      log(`stop: ${String(err)}`);
    }
  }
}

async function restartServer(): Promise<void> {
  log("restarting the server");
  startAttempted = true;
  await stopServer();
  await startServer();
}

function log(msg: string): void {
  outputChannel?.appendLine(`[${new Date().toISOString()}] ${msg}`);
}
