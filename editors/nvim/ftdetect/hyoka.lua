-- Filetype detection for 事業評価シート (spec §1): *.hyoka, *.hyoka.txt, and any *.txt
-- with 事業評価シート in one of its first 50 non-blank lines.
require("hyoka.detect").register()
