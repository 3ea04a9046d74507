/** Marker that makes a plain-text file a 事業評価シート (spec §1). */
export const SHEET_MARKER = "事業評価シート";
export const SNIFF_LINES = 50;

/** True when one of the first 50 non-blank lines holds 事業評価シート. */
export function looksLikeSheet(text: string): boolean {
  let seen = 0;
  let start = 0;
  while (start <= text.length && seen < SNIFF_LINES) {
    let end = text.indexOf("\n", start);
    if (end < 0) end = text.length;
    const line = text.slice(start, end);
    if (line.trim() !== "") {
      seen++;
      if (line.includes(SHEET_MARKER)) return true;
    }
    start = end + 1;
  }
  return false;
}
