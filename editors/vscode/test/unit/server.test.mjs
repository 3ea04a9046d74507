// Which server binary the extension starts on each platform.
import assert from "node:assert/strict";
import { test } from "node:test";
import { bundledServerName, pathExtensions } from "../../out/unit/server.mjs";

test("Windows starts server/hyoka.exe, every other platform server/hyoka", () => {
  assert.equal(bundledServerName("win32"), "hyoka.exe");
  for (const p of ["linux", "darwin", "freebsd"]) assert.equal(bundledServerName(p), "hyoka");
});

test("PATH lookup tries PATHEXT on Windows only", () => {
  assert.deepEqual(pathExtensions("win32", ".COM;.EXE;.BAT;"), [".COM", ".EXE", ".BAT"]);
  assert.deepEqual(pathExtensions("win32", undefined), [".EXE"]);
  assert.deepEqual(pathExtensions("linux", ".EXE"), [""]);
});
