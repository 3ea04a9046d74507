// Builds dist/extension.js with esbuild, copies the release server binary into
// server/hyoka (server/hyoka.exe for win32), writes LICENSE (both licence texts from the
// repository root) and packages hyoka-TARGET.vsix with @vscode/vsce (offline).
//   node scripts/package.mjs [--target T] [--server PATH] [--out FILE]
//                                  T: linux-x64 (default), win32-x64, darwin-arm64, darwin-x64…;
//                                  scripts/dist.sh packages each with its own server
//   node scripts/package.mjs --no-server [--out FILE]   linux-x64, no binary inside
//   node scripts/package.mjs --universal [--out FILE]   any platform, no binary inside
//                                                       (default out: hyoka.vsix)
import { execFileSync } from "node:child_process";
import fs from "node:fs";
import path from "node:path";
import { fileURLToPath } from "node:url";

const ext = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "..");
const root = path.resolve(ext, "../..");
const arg = (name, dflt) => {
  const i = process.argv.indexOf(name);
  return i >= 0 ? process.argv[i + 1] : dflt;
};
// --universal: no --target and no bundled binary, for Windows and macOS users who set
// hyoka.path to a server they built themselves.
const universal = process.argv.includes("--universal");
// --no-server: a linux-x64 .vsix without the bundled binary (to test the "server not found" path).
const noServer = universal || process.argv.includes("--no-server");
const target = arg("--target", "linux-x64");
// The name src/server.ts (bundledServerName) looks for.
const serverName = target.startsWith("win32-") ? "hyoka.exe" : "hyoka";
const server = path.resolve(arg("--server", process.env.HYOKA_BIN || path.join(root, "target/release/hyoka")));
const out = path.resolve(arg("--out", path.join(ext, universal ? "hyoka.vsix" : `hyoka-${target}.vsix`)));

if (!noServer && !fs.existsSync(server)) {
  console.error(`package: server binary ${server} not found — build it with \`cargo build --release\` first`);
  process.exit(1);
}
const run = (cmd, args) => execFileSync(cmd, args, { cwd: ext, stdio: "inherit" });

run(process.execPath, ["esbuild.mjs", "--minify"]);
fs.rmSync(path.join(ext, "server"), { recursive: true, force: true });
if (!noServer) {
  fs.mkdirSync(path.join(ext, "server"), { recursive: true });
  fs.copyFileSync(server, path.join(ext, "server", serverName));
  fs.chmodSync(path.join(ext, "server", serverName), 0o755);
}

// package.json says "MIT OR Apache-2.0"; vsce takes one file named LICENSE, so this one
// holds both texts. It is generated (and git-ignored) so the root files stay the only copy.
const license = path.join(ext, "LICENSE");
const text = (f) => fs.readFileSync(path.join(root, f), "utf8").replace(/^\n+/, "").trimEnd();
fs.writeFileSync(
  license,
  [
    "hyoka is licensed under either of",
    "",
    "  * the MIT License (LICENSE-MIT in the source repository), or",
    "  * the Apache License, Version 2.0 (LICENSE-APACHE in the source repository),",
    "",
    "at your option. Both texts follow.",
    "",
    "=".repeat(78),
    "",
    text("LICENSE-MIT"),
    "",
    "=".repeat(78),
    "",
    text("LICENSE-APACHE"),
    "",
  ].join("\n"),
);
try {
  run(process.execPath, [
    path.join(ext, "node_modules/@vscode/vsce/vsce"),
    "package",
    ...(universal ? [] : ["--target", target]),
    "--no-dependencies",
    // package.json has no "repository": the project has no public URL yet.
    "--allow-missing-repository",
    "--out", out,
  ]);
} finally {
  fs.rmSync(license, { force: true });
}
console.log(`package: wrote ${out}`);
