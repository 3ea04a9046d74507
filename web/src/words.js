// The page's own words (the sheets' words — messages, help, fixes — come from the core's catalogue).
export const WORDS = {
  untitled: "新しいシート",
  severity: { error: "エラー", warning: "警告", info: "情報", hint: "ヒント" },
  encoding: { "utf-8": "UTF-8", "utf-8-bom": "UTF-8（BOM 付き）", shift_jis: "Shift_JIS" },
  counts: (c) => `エラー ${c.error} 件、警告 ${c.warning} 件、情報 ${c.info} 件、ヒント ${c.hint} 件`,
  unencodable: "このファイルの文字コード（Shift_JIS）では書けない文字があるため保存しませんでした。その文字を別の字に直してください。",
};
