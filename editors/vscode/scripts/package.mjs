// Builds dist/extension.js with esbuild, copies the release server binary into
// server/hyoka and packages hyoka-linux-x64.vsix with @vscode/vsce (offline).
//   node scripts/package.mjs [--server PATH] [--out FILE]
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
const server = path.resolve(arg("--server", process.env.HYOKA_BIN || path.join(root, "target/release/hyoka")));
const out = path.resolve(arg("--out", path.join(ext, "hyoka-linux-x64.vsix")));

// --no-server: a .vsix without the bundled binary (to test the "server not found" path).
const noServer = process.argv.includes("--no-server");
if (!noServer && !fs.existsSync(server)) {
  console.error(`package: server binary ${server} not found — build it with \`cargo build --release\` first`);
  process.exit(1);
}
const run = (cmd, args) => execFileSync(cmd, args, { cwd: ext, stdio: "inherit" });

run(process.execPath, ["esbuild.mjs", "--minify"]);
fs.rmSync(path.join(ext, "server"), { recursive: true, force: true });
if (!noServer) {
  fs.mkdirSync(path.join(ext, "server"), { recursive: true });
  fs.copyFileSync(server, path.join(ext, "server/hyoka"));
  fs.chmodSync(path.join(ext, "server/hyoka"), 0o755);
}
run(process.execPath, [
  path.join(ext, "node_modules/@vscode/vsce/vsce"),
  "package",
  "--target", "linux-x64",
  "--no-dependencies",
  "--skip-license",
  "--allow-missing-repository",
  "--out", out,
]);
console.log(`package: wrote ${out}`);
