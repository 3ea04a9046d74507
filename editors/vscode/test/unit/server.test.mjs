// Which server binary the extension starts on each platform.
import assert from "node:assert/strict";
import { test } from "node:test";
import { bundledServerName, isBuiltinFormId, pathExtensions } from "../../out/unit/server.mjs";

test("Windows starts server/hyoka.exe, every other platform server/hyoka", () => {
  assert.equal(bundledServerName("win32"), "hyoka.exe");
  for (const p of ["linux", "darwin", "freebsd"]) assert.equal(bundledServerName(p), "hyoka");
});

test("PATH lookup tries PATHEXT on Windows only", () => {
  assert.deepEqual(pathExtensions("win32", ".COM;.EXE;.BAT;"), [".COM", ".EXE", ".BAT"]);
  assert.deepEqual(pathExtensions("win32", undefined), [".EXE"]);
  assert.deepEqual(pathExtensions("linux", ".EXE"), [""]);
});

test("hyoka.form: a built-in id is passed on as it is, anything else is a path", () => {
  for (const id of ["kakogawa-r4", "hiratsuka-h27"]) assert.equal(isBuiltinFormId(id), true, id);
  for (const p of ["my-city.toml", "forms/kakogawa-r4", "C:\\forms\\city.TOML", "~", ""]) assert.equal(isBuiltinFormId(p), false, p);
});
