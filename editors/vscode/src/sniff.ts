/**
 * Words of the built-in forms' title lines that make a plain-text file a sheet (spec §1): 平塚市 and 加古川市
 * (事業評価シート), 箕面市 (事務事業評価（…年度事業）), 貝塚市, 郡山市. A Rust test (tests/form_cli.rs) checks that every
 * built-in form's title holds one of them; keep the list equal to M.markers in editors/nvim/lua/hyoka/detect.lua.
 */
export const SHEET_MARKERS = ["事業評価シート", "事務事業評価（", "事務事業評価(", "評価結果の公表", "実施事務事業に対する行政評価"];
export const SNIFF_LINES = 50;

/** True when one of the first 50 non-blank lines holds one of the markers. */
export function looksLikeSheet(text: string): boolean {
  let seen = 0;
  let start = 0;
  while (start <= text.length && seen < SNIFF_LINES) {
    let end = text.indexOf("\n", start);
    if (end < 0) end = text.length;
    const line = text.slice(start, end);
    if (line.trim() !== "") {
      seen++;
      if (SHEET_MARKERS.some((m) => line.includes(m))) return true;
    }
    start = end + 1;
  }
  return false;
}
