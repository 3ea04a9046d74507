/** Section headings: `１．事業の位置付け`, `2. 事業の検証`, `## ３、…` (spec §3). */
export const HEADING_RE = /^\s*(?:#{1,2}\s*)?[0-9０-９]{1,2}\s*[.．、](?![0-9０-９])\s*[^\s。（(]+\s*(?:[（(].*[）)])?\s*$/;

/** Folding ranges running from each section heading to the last non-blank line before the next one. */
export function headingFoldingRanges(lines: string[]): Array<{ start: number; end: number }> {
  const heads: number[] = [];
  lines.forEach((l, i) => {
    if (HEADING_RE.test(l)) heads.push(i);
  });
  const out: Array<{ start: number; end: number }> = [];
  heads.forEach((start, k) => {
    let end = (k + 1 < heads.length ? heads[k + 1] : lines.length) - 1;
    while (end > start && lines[end].trim() === "") end--;
    if (end > start) out.push({ start, end });
  });
  return out;
}
