/** Which server binary a platform's extension bundles (scripts/dist.sh puts it under server/). */
export function bundledServerName(platform: string): string {
  return platform === "win32" ? "hyoka.exe" : "hyoka";
}

/** The extensions to try when looking a command up on PATH: PATHEXT on Windows, none elsewhere. */
export function pathExtensions(platform: string, pathext: string | undefined): string[] {
  return platform === "win32" ? (pathext ?? ".EXE").split(";").filter((e) => e !== "") : [""];
}
