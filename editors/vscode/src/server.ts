/** Which server binary a platform's extension bundles (scripts/dist.sh puts it under server/). */
export function bundledServerName(platform: string): string {
  return platform === "win32" ? "hyoka.exe" : "hyoka";
}

/** The extensions to try when looking a command up on PATH: PATHEXT on Windows, none elsewhere. */
export function pathExtensions(platform: string, pathext: string | undefined): string[] {
  return platform === "win32" ? (pathext ?? ".EXE").split(";").filter((e) => e !== "") : [""];
}

/**
 * Whether the `hyoka.form` setting names a built-in form by id (`kakogawa-r4`) rather than a file: no path
 * separator and no `.toml`, the rule the server applies (hyoka_core::config::FormRef). Ids are passed on as
 * they are; paths are expanded against the workspace.
 */
export function isBuiltinFormId(value: string): boolean {
  return value !== "" && !/[\\/]/.test(value) && !value.toLowerCase().endsWith(".toml") && value !== "~";
}
