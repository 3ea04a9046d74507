" Vim syntax file for 事業評価シート (hyoka). Used without the language server; with it,
" semantic tokens may add to this.
if exists("b:current_syntax")
  finish
endif
let s:cpo_save = &cpo
set cpo&vim

syn case match

" // comments and hyoka-disable directives
syn match hyokaDirective "hyoka-\%(disable-next-line\|disable\|enable\)\>.*$" contained
syn match hyokaComment "^\s*//.*$" contains=hyokaDirective,@Spell

" title: 事業評価シート（平成27年度分） 1
syn match hyokaTitle "^\s*事業評価シート\s*[（(]\s*\%(\%(平成\|令和\)\s*\%([0-9０-９]\+\|元\)\|[0-9０-９]\{4}\)\s*年度\s*分\s*[）)]\s*\%([0-9０-９]\+\s*頁\=\)\=\s*$"
syn match hyokaPageMarker "^\s*[0-9０-９]\+\s*頁\s*$"

" section headings: １．事業の位置付け / 2. 事業の検証 / ## ３、…
syn match hyokaHeading "^\s*\%(#\{1,2}\s*\)\=[0-9０-９]\{1,2}\s*[.．、]\%([0-9０-９]\)\@!\s*[^ \t　。（(]\+\s*\%([（(].*[）)]\)\=\s*$"
syn match hyokaAnalysisHeader "^\s*項目\s*分析の視点.*$"

" analysis items and indicator blocks
syn match hyokaItem "^\s*【\=\s*\%(必要性\|有効性\|妥当性\|効率性\)\s*】\=\s*$"
syn match hyokaIndicator "^\s*\%(活動指標\|成果指標\)\s*[①-⑳]\s*$"

" checkboxes
syn match hyokaChecked "^\s*\%(■\|☑\|☒\|\[[xX]\]\)" nextgroup=hyokaViewpointOn skipwhite
syn match hyokaViewpointOn ".*$" contained
syn match hyokaUnchecked "^\s*\%(□\|☐\|\[ \]\)"

" field labels (followed by ：, white space or end of line)
syn match hyokaLabel "^\s*\%(事務事業名\|事業担当\|予算科目\|事業種類\|総合計画の位置付け\|行政改革の位置付け\|根拠法令等\|対象・受益者\|事業期間\|委託、協働\|目的・目標\|事業の概要\|指標名\|説明・算定式\|単位\|方向\|進捗状況\|遅れている理由\|分析・課題の抽出\|分析\|総合評価\|今後に向けた課題の分析\|課長コメント\|\%(\%(平成\|令和\)\s*\%([0-9０-９]\+\|元\)\|[0-9０-９]\{4}\)\s*年度の\%(検証結果\|主な取組と成果\|取組方針\)\)\%(\s\|[:：]\|$\)\@="
syn match hyokaSeparator "\%(^\s*\S\{-1,20}\)\@<=[:：]" contained

" marks, option keys, codes, numbers, years
syn match hyokaMarkOn "[●◉]"
syn match hyokaMarkOff "[○◯]"
syn match hyokaOptionKey "[①-⑳]\ze\s*[:：]"
syn match hyokaOptionKey "\%([A-Za-zＡ-Ｚａ-ｚ]\)\@<![A-ZＡ-Ｚ]\ze\s*[:：]"
syn match hyokaCode "^\s*\zs'[0-9０-９]\+\ze\s"
syn match hyokaBudgetCode "[0-9０-９]\{1,2}\s*-\s*'[0-9xX]\{6}\s*-\s*'[0-9xX]\{6}"
syn match hyokaYear "\%(\%(平成\|令和\)\s*\%([0-9０-９]\+\|元\)\|[0-9０-９]\{4}\)\s*年度"
syn match hyokaNegative "[△▲]\s*[0-9０-９][0-9０-９,，]*"

" table rows: | … | or ｜ … ｜ (and rows with two or more tabs)
syn match hyokaTableSep "[|｜]" contained
syn match hyokaNumber "\%([0-9０-９.．,，]\)\@<![△▲\-－−]\=\%([0-9０-９]\{1,3}\%([,，][0-9０-９]\{3}\)\+\|[0-9０-９]\+\)\%([.．][0-9０-９]\+\)\=\%([0-9０-９]\)\@!" contained
syn match hyokaRowName "\%([|｜\t]\s*\)\@<=\%(目標\|実績\|事業内容\|国庫支出金\|県支出金\|起債\|その他\s*特財\|一般財源\|事業費\s*[(（]\s*[AＡ]\s*[)）]\|予算額\|人件費\s*[(（]\s*[BＢ]\s*[)）]\|フルコスト\s*[(（][^)）]*[)）]\|執行率\s*[(（]\s*[%％]\s*[)）]\)\ze\s*\%([|｜\t]\|$\)" contained
syn match hyokaTableRow "^\s*[|｜].*$" contains=hyokaTableSep,hyokaRowName,hyokaNumber,hyokaYear,hyokaNegative,hyokaMarkOn,hyokaMarkOff
syn match hyokaTableDelim "^\s*[|｜][ |｜:：-]*---[ |｜:：-]*$"

hi def link hyokaComment Comment
hi def link hyokaDirective PreProc
hi def link hyokaTitle Title
hi def link hyokaPageMarker Comment
hi def link hyokaHeading Title
hi def link hyokaAnalysisHeader Comment
hi def link hyokaItem Type
hi def link hyokaIndicator Type
hi def link hyokaChecked Special
hi def link hyokaViewpointOn Underlined
hi def link hyokaUnchecked Delimiter
hi def link hyokaLabel Identifier
hi def link hyokaSeparator Delimiter
hi def link hyokaMarkOn Special
hi def link hyokaMarkOff Delimiter
hi def link hyokaOptionKey Constant
hi def link hyokaCode Constant
hi def link hyokaBudgetCode Constant
hi def link hyokaYear Number
hi def link hyokaNegative Number
hi def link hyokaNumber Number
hi def link hyokaTableSep Delimiter
hi def link hyokaTableDelim Delimiter
hi def link hyokaRowName Statement

let b:current_syntax = "hyoka"
let &cpo = s:cpo_save
unlet s:cpo_save
