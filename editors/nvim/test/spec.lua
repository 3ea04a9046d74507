-- Headless Neovim test of the hyoka plugin and server. Run by editors/nvim/test/run.sh:
--   nvim --headless --clean --cmd 'set rtp^=editors/nvim' -c 'luafile editors/nvim/test/spec.lua'
-- Environment: HYOKA_BIN (server binary, required for the LSP part), HYOKA_ENCODING
-- (empty: Neovim's default offer, utf-8 first; "utf-16": only utf-16 offered),
-- HYOKA_FIXTURES (editors/fixtures), HYOKA_EXAMPLES (examples/), HYOKA_TMP (scratch dir).
local encoding = os.getenv("HYOKA_ENCODING") or ""
local label = "nvim[" .. (encoding ~= "" and encoding or "default") .. "]"
if os.getenv("HYOKA_NVIM_LSP_START") == "1" then
  label = label .. "[vim.lsp.start]"
end
local bin = os.getenv("HYOKA_BIN") or ""
local fixtures = assert(os.getenv("HYOKA_FIXTURES"), "HYOKA_FIXTURES")
local examples = assert(os.getenv("HYOKA_EXAMPLES"), "HYOKA_EXAMPLES")
local tmp = assert(os.getenv("HYOKA_TMP"), "HYOKA_TMP")

local h = dofile(vim.fs.dirname(debug.getinfo(1, "S").source:sub(2)) .. "/harness.lua")(label)
local out, test, eq, check = h.out, h.test, h.eq, h.check

local function copy(src, dst)
  local data = assert(io.open(src, "rb")):read("*a")
  local f = assert(io.open(dst, "wb"))
  f:write(data)
  f:close()
  return dst
end

local function write(path, text)
  local f = assert(io.open(path, "wb"))
  f:write(text)
  f:close()
  return path
end

local function read(path)
  local f = io.open(path, "rb")
  if not f then
    return nil
  end
  local d = f:read("*a")
  f:close()
  return d
end

local function ft_of(path)
  vim.cmd("silent! %bwipeout!")
  vim.cmd("edit " .. vim.fn.fnameescape(path))
  local ft = vim.bo.filetype
  return ft
end

-- ------------------------------------------------------------------ without a server

local seed_txt = copy(fixtures .. "/seed-raw.txt", tmp .. "/seed.txt")

test("ftdetect: *.hyoka, *.hyoka.txt, sniffed *.txt", function()
  eq(ft_of(write(tmp .. "/a.hyoka", "１．事業の位置付け\n")), "hyoka", "a.hyoka")
  eq(ft_of(write(tmp .. "/b.hyoka.txt", "メモ\n")), "hyoka", "b.hyoka.txt")
  eq(ft_of(seed_txt), "hyoka", "seed .txt (title on line 37)")
  eq(ft_of(write(tmp .. "/plain.txt", "ただのメモ\n事業の概要\n")), "text", "plain .txt")
  eq(ft_of(write(tmp .. "/minoh.txt", "事務事業評価（平成26年度事業）\n担当部局：\n")), "hyoka", "箕面市's title")
  eq(ft_of(write(tmp .. "/kaizuka.txt", "事務事業 評価結果の公表\n")), "hyoka", "貝塚市's title")
  local lines = {}
  for i = 1, 50 do
    lines[#lines + 1] = "行" .. i
    lines[#lines + 1] = ""
  end
  lines[#lines + 1] = "事業評価シート（平成27年度分）"
  eq(ft_of(write(tmp .. "/late.txt", table.concat(lines, "\n") .. "\n")), "text", "marker after 50 non-blank lines")
  table.remove(lines, 1)
  eq(ft_of(write(tmp .. "/late49.txt", table.concat(lines, "\n") .. "\n")), "hyoka", "marker on the 50th non-blank line")
end)

test("syntax/hyoka.vim highlights headings, labels, checkboxes, marks, tables", function()
  local path = write(
    tmp .. "/syn.hyoka",
    table.concat({
      "事業評価シート（平成27年度分）",
      "１．事業の位置付け",
      "事務事業名：産業活性化推進事業",
      "■ 事業目的の達成状況",
      "□ 市民ニーズ",
      "総合評価：●高　○中　○低",
      "| 目標 | 40 | △12 |",
      "// hyoka-disable stray-text",
      "必要性",
      "成果指標①",
    }, "\n") .. "\n"
  )
  ft_of(path)
  eq(vim.bo.filetype, "hyoka", "filetype")
  eq(vim.b.current_syntax, "hyoka", "b:current_syntax")
  local function syn(lnum, needle)
    local line = vim.fn.getline(lnum)
    local col = assert(line:find(needle, 1, true), needle)
    return vim.fn.synIDattr(vim.fn.synID(lnum, col, 1), "name")
  end
  eq(syn(1, "事業評価シート"), "hyokaTitle", "title")
  eq(syn(2, "事業の位置付け"), "hyokaHeading", "heading")
  eq(syn(3, "事務事業名"), "hyokaLabel", "label")
  eq(syn(4, "■"), "hyokaChecked", "ticked box")
  eq(syn(4, "事業目的"), "hyokaViewpointOn", "ticked viewpoint")
  eq(syn(5, "□"), "hyokaUnchecked", "unticked box")
  eq(syn(6, "●"), "hyokaMarkOn", "● mark")
  eq(syn(6, "○"), "hyokaMarkOff", "○ mark")
  eq(syn(7, "目標"), "hyokaRowName", "row name")
  eq(syn(7, "40"), "hyokaNumber", "number")
  eq(syn(7, "△"), "hyokaNumber", "△ number")
  eq(syn(8, "hyoka-disable"), "hyokaDirective", "directive")
  eq(syn(9, "必要性"), "hyokaItem", "item")
  eq(syn(10, "成果指標"), "hyokaIndicator", "indicator")
  eq(vim.bo.commentstring, "// %s", "commentstring")
end)

-- ------------------------------------------------------------------ with the server

if bin == "" or vim.fn.executable(bin) ~= 1 then
  test("server binary present", function()
    error("HYOKA_BIN is not an executable: '" .. bin .. "' (build target/release/hyoka first)")
  end)
  h.finish()
  return
end

-- diagnostics bookkeeping: DiagnosticChanged fires for every set, also an empty one
local diag_events = {}
vim.api.nvim_create_autocmd("DiagnosticChanged", {
  callback = function(ev)
    diag_events[ev.buf] = (diag_events[ev.buf] or 0) + 1
  end,
})

local setup_opts = { cmd = { bin, "lsp" }, settings = { rules = {} } }
if encoding == "utf-16" then
  local caps = vim.lsp.protocol.make_client_capabilities()
  caps.general = caps.general or {}
  caps.general.positionEncodings = { "utf-16" }
  setup_opts.capabilities = caps
  setup_opts.before_init = function(params)
    params.capabilities.general = params.capabilities.general or {}
    params.capabilities.general.positionEncodings = { "utf-16" }
  end
end
local hyoka = require("hyoka")
if os.getenv("HYOKA_NVIM_LSP_LOG") then
  vim.lsp.log.set_level("debug")
end
if os.getenv("HYOKA_NVIM_LSP_START") == "1" then
  -- exercise the Neovim 0.10 path (vim.lsp.start per buffer) on this Neovim
  local saved_config, saved_enable = vim.lsp.config, vim.lsp.enable
  rawset(vim.lsp, "config", false)
  rawset(vim.lsp, "enable", false)
  check(hyoka.setup(setup_opts), "setup() failed")
  rawset(vim.lsp, "config", saved_config)
  rawset(vim.lsp, "enable", saved_enable)
else
  check(hyoka.setup(setup_opts), "setup() failed")
end

local function client_for(buf)
  return vim.lsp.get_clients({ bufnr = buf, name = "hyoka" })[1]
end

--- Opens a sheet and waits until the server has attached and diagnostics settle.
local function open_sheet(path)
  vim.cmd("silent! %bwipeout!")
  vim.cmd("edit " .. vim.fn.fnameescape(path))
  local buf = vim.api.nvim_get_current_buf()
  check(vim.bo[buf].filetype == "hyoka", "%s: filetype is %q", path, vim.bo[buf].filetype)
  check(
    vim.wait(15000, function()
      local c = client_for(buf)
      return c ~= nil and c.initialized == true or (c ~= nil and c.server_capabilities ~= nil)
    end, 50),
    "no hyoka client attached to %s within 15 s",
    path
  )
  return buf
end

--- Waits for at least `min_events` DiagnosticChanged events after `since`, then for quiet.
local function settle(buf, since, what)
  check(
    vim.wait(15000, function()
      return (diag_events[buf] or 0) > since
    end, 50),
    "no diagnostics published for %s within 15 s",
    what
  )
  local last, stable_since = diag_events[buf], vim.uv.now()
  vim.wait(5000, function()
    if diag_events[buf] ~= last then
      last, stable_since = diag_events[buf], vim.uv.now()
    end
    return vim.uv.now() - stable_since > 700
  end, 50)
  return vim.diagnostic.get(buf)
end

local function text_under(buf, d)
  local ok, lines = pcall(vim.api.nvim_buf_get_text, buf, d.lnum, d.col, d.end_lnum or d.lnum, d.end_col or d.col, {})
  check(ok, "range %d:%d-%d:%d not valid in buffer: %s", d.lnum, d.col, d.end_lnum, d.end_col, tostring(lines))
  return table.concat(lines, "\n")
end

local function is_char_start(buf, lnum, col)
  local line = vim.api.nvim_buf_get_lines(buf, lnum, lnum + 1, false)[1] or ""
  if col >= #line then
    return true
  end
  return vim.str_utf_start(line, col + 1) == 0
end

local S = vim.diagnostic.severity
local function ew(diags)
  return vim.tbl_filter(function(d)
    return d.severity == S.ERROR or d.severity == S.WARN
  end, diags)
end

local function count_codes(diags)
  local c = {}
  for _, d in ipairs(diags) do
    c[tostring(d.code)] = (c[tostring(d.code)] or 0) + 1
  end
  return c
end

local function describe(buf, diags)
  local lines = {}
  for _, d in ipairs(diags) do
    lines[#lines + 1] = ("%d:%d %s %s %q «%s»"):format(
      d.lnum + 1,
      d.col,
      vim.diagnostic.severity[d.severity],
      tostring(d.code),
      d.message,
      text_under(buf, d)
    )
  end
  return table.concat(lines, "\n      ")
end

local seed_buf, seed_diags

test("attach + position encoding", function()
  seed_buf = open_sheet(seed_txt)
  local c = client_for(seed_buf)
  if encoding == "utf-16" then
    eq(c.offset_encoding, "utf-16", "offset_encoding with only utf-16 offered")
  else
    check(
      c.offset_encoding == "utf-8" or c.offset_encoding == "utf-16",
      "unexpected offset_encoding %s",
      tostring(c.offset_encoding)
    )
  end
  out(("     %s: server chose %s"):format(label, c.offset_encoding))
end)

test("seed diagnostics: rule ids, severities and the text under each range (spec §9)", function()
  seed_diags = settle(seed_buf, 0, "seed.txt")
  check(#seed_diags > 0, "no diagnostics on the seed")
  for _, d in ipairs(seed_diags) do
    eq(d.source, "hyoka", "source of " .. tostring(d.code))
    check(type(d.code) == "string" and d.code:match("^[a-z][a-z-]+$"), "code %s is not a rule id", tostring(d.code))
    check(is_char_start(seed_buf, d.lnum, d.col), "start %d:%d splits a character (%s)", d.lnum, d.col, d.code)
    check(
      is_char_start(seed_buf, d.end_lnum, d.end_col),
      "end %d:%d splits a character (%s)",
      d.end_lnum,
      d.end_col,
      d.code
    )
  end
  local e_w = ew(seed_diags)
  local codes = count_codes(e_w)
  local want = { ["missing-field"] = 17, ["field-outside-section"] = 3 }
  if not vim.deep_equal(codes, want) then
    error(("E/W rule counts %s, want %s\n      %s"):format(vim.inspect(codes), vim.inspect(want), describe(seed_buf, e_w)))
  end
  for _, d in ipairs(e_w) do
    if d.code == "missing-field" then
      eq(d.severity, S.ERROR, "missing-field severity")
    else
      eq(d.severity, S.WARN, "field-outside-section severity")
    end
  end
  -- field-outside-section sits on the three misplaced labels
  local outside = {}
  for _, d in ipairs(e_w) do
    if d.code == "field-outside-section" then
      outside[#outside + 1] = text_under(seed_buf, d)
    end
  end
  for _, lbl in ipairs({ "事業の概要", "目的・目標", "総合計画の" }) do
    local hit = false
    for _, t in ipairs(outside) do
      hit = hit or t:find(lbl, 1, true) ~= nil
    end
    check(hit, "no field-outside-section range covers %s (texts: %s)", lbl, vim.inspect(outside))
  end
  -- missing-… diagnostics sit on the heading line of the section or block (spec §5)
  for _, d in ipairs(e_w) do
    if d.code == "missing-field" then
      local t = text_under(seed_buf, d)
      check(
        t:find("事業の位置付け", 1, true)
          or t:find("事業の検証", 1, true)
          or t:find("年度別事業内容", 1, true)
          or t:find("今後の事業展開", 1, true)
          or t:find("性", 1, true)
          or t:find("事業評価シート", 1, true),
        "missing-field at %d:%d is not on a heading/item line: «%s» (%s)",
        d.lnum + 1,
        d.col,
        t,
        d.message
      )
    end
  end
end)

local function find_line(buf, pattern)
  for i, l in ipairs(vim.api.nvim_buf_get_lines(buf, 0, -1, false)) do
    local s = l:find(pattern)
    if s then
      return i, s, l
    end
  end
end

local function request(buf, method, params, timeout)
  local resp = vim.lsp.buf_request_sync(buf, method, params, timeout or 8000)
  check(resp ~= nil, "%s: no response (timeout)", method)
  for _, r in pairs(resp) do
    check(r.error == nil, "%s: error %s", method, vim.inspect(r.error))
    return r.result
  end
end

test("hover on a 分析の視点 checkbox line", function()
  local lnum, col = find_line(seed_buf, "事業目的の達成状況")
  check(lnum, "viewpoint line not found")
  vim.api.nvim_set_current_buf(seed_buf)
  vim.api.nvim_win_set_cursor(0, { lnum, col + #"事業目的" - 1 })
  local c = client_for(seed_buf)
  local params = vim.lsp.util.make_position_params(0, c.offset_encoding)
  local res = request(seed_buf, "textDocument/hover", params)
  check(res and res.contents, "empty hover")
  local value = type(res.contents) == "string" and res.contents or res.contents.value
  if type(res.contents) == "table" and res.contents[1] then
    value = vim.iter(res.contents):map(function(x) return type(x) == "string" and x or x.value end):join("\n")
  end
  check(type(value) == "string" and #value > 20, "hover text too short: %s", vim.inspect(res.contents))
  check(value:find("[\227-\233]"), "hover is not Japanese: %s", value)
  if type(res.contents) == "table" and res.contents.kind then
    eq(res.contents.kind, "markdown", "hover kind")
  end
  out("     hover: " .. vim.fn.strcharpart((value:gsub("\n", " ")), 0, 80))
end)

test("document symbols: title → sections → fields/blocks", function()
  local res = request(seed_buf, "textDocument/documentSymbol", { textDocument = vim.lsp.util.make_text_document_params(seed_buf) })
  check(type(res) == "table" and #res > 0, "no symbols")
  check(res[1].children ~= nil, "symbols are not hierarchical (DocumentSymbol[] with children expected)")
  local top = res[1]
  local all = {}
  local function walk(list, depth)
    for _, s in ipairs(list) do
      all[#all + 1] = string.rep("  ", depth) .. s.name
      walk(s.children or {}, depth + 1)
    end
  end
  walk(res, 0)
  check(#res == 1 and top.name:find("事業評価シート", 1, true), "expected one title root, got:\n%s", table.concat(all, "\n"))
  local names = vim.tbl_map(function(s) return s.name end, top.children or {})
  local joined = table.concat(names, " / ")
  for _, sec in ipairs({ "事業の位置付け", "事業の検証", "年度別事業内容", "今後の事業展開" }) do
    check(joined:find(sec, 1, true), "section %s missing under the title: %s", sec, joined)
  end
  local deep = false
  for _, s in ipairs(top.children) do
    deep = deep or (s.children and #s.children > 0)
  end
  check(deep, "no fields/blocks under the sections:\n%s", table.concat(all, "\n"))
end)

--- Applies a code action (resolving it when needed) to the buffer.
local function apply_action(buf, action)
  local c = client_for(buf)
  if not action.edit and not action.command and action.data then
    action = request(buf, "codeAction/resolve", action)
  end
  if action.edit then
    vim.lsp.util.apply_workspace_edit(action.edit, c.offset_encoding)
  end
  local cmd = action.command
  if type(cmd) == "table" then
    request(buf, "workspace/executeCommand", { command = cmd.command, arguments = cmd.arguments })
  end
end

local function code_actions(buf, d, only)
  local lsp_d = d.user_data and d.user_data.lsp
  check(lsp_d, "diagnostic has no LSP payload")
  return request(buf, "textDocument/codeAction", {
    textDocument = vim.lsp.util.make_text_document_params(buf),
    range = lsp_d.range,
    context = { diagnostics = { lsp_d }, only = only },
  }) or {}
end

local function is_disable(a)
  return (a.title or ""):find("disable") or (a.title or ""):find("無効") or (a.title or ""):find("hyoka%-disable")
end

test("quick fix removes its diagnostic (seed)", function()
  local before = vim.diagnostic.get(seed_buf)
  local chosen, action
  for _, d in ipairs(ew(before)) do
    for _, a in ipairs(code_actions(seed_buf, d, { "quickfix" })) do
      if a.kind and a.kind:find("^quickfix") and not is_disable(a) then
        chosen, action = d, a
        break
      end
    end
    if chosen then
      break
    end
  end
  check(chosen, "no E/W diagnostic on the seed offers a quick fix other than disabling the rule")
  local key = function(d) return tostring(d.code) .. "|" .. d.message end
  local n_before = #vim.tbl_filter(function(d) return key(d) == key(chosen) end, before)
  out(("     applying %q for %s (%s)"):format(action.title, chosen.code, chosen.message))
  local ev = diag_events[seed_buf] or 0
  apply_action(seed_buf, action)
  local after = settle(seed_buf, ev, "seed after the quick fix")
  local n_after = #vim.tbl_filter(function(d) return key(d) == key(chosen) end, after)
  check(n_after < n_before, "diagnostic %s still there after %q (%d → %d)", key(chosen), action.title, n_before, n_after)
  -- every diagnostic also offers "disable this rule for this line"
  local d2 = ew(after)[1]
  if d2 then
    local has_disable = false
    for _, a in ipairs(code_actions(seed_buf, d2, { "quickfix" })) do
      has_disable = has_disable or is_disable(a) ~= nil
    end
    check(has_disable, "no 'disable this rule for this line' action on %s", d2.code)
  end
end)

test("settings: a rule turned off through workspace/didChangeConfiguration", function()
  local ev = diag_events[seed_buf] or 0
  hyoka.update_settings({ rules = { ["field-outside-section"] = "off" } })
  local t0 = vim.uv.now()
  local ok = vim.wait(15000, function()
    local c = count_codes(vim.diagnostic.get(seed_buf))
    return (diag_events[seed_buf] or 0) > ev and c["field-outside-section"] == nil
  end, 50)
  check(ok, "field-outside-section still reported after turning it off: %s", vim.inspect(count_codes(vim.diagnostic.get(seed_buf))))
  out(("     rules applied after %d ms"):format(vim.uv.now() - t0))
  hyoka.update_settings({ rules = {} })
  check(vim.wait(15000, function()
    return count_codes(vim.diagnostic.get(seed_buf))["field-outside-section"] ~= nil
  end, 50), "field-outside-section did not come back after clearing the rules")
end)

test(":HyokaRestart: a new client sends the seed's diagnostics again (no :edit, no timer)", function()
  vim.api.nvim_set_current_buf(seed_buf)
  local old = client_for(seed_buf)
  check(old, "no hyoka client before the restart")
  local old_id = old.id
  local want = count_codes(ew(vim.diagnostic.get(seed_buf)))
  check(next(want) ~= nil, "no E/W diagnostics on the seed before the restart")
  vim.cmd("HyokaRestart")
  check(
    vim.wait(15000, function()
      local c = client_for(seed_buf)
      return c ~= nil and c.id ~= old_id and (c.initialized == true or c.server_capabilities ~= nil)
    end, 50),
    "no new hyoka client attached to the seed within 15 s of :HyokaRestart"
  )
  check(
    vim.wait(15000, function()
      return vim.lsp.get_client_by_id(old_id) == nil
    end, 50),
    "the old client %d did not stop",
    old_id
  )
  local ok = vim.wait(15000, function()
    return vim.deep_equal(count_codes(ew(vim.diagnostic.get(seed_buf))), want)
  end, 50)
  check(
    ok,
    "after the restart E/W counts are %s, want %s",
    vim.inspect(count_codes(ew(vim.diagnostic.get(seed_buf)))),
    vim.inspect(want)
  )
  eq(#vim.lsp.get_clients({ bufnr = seed_buf, name = "hyoka" }), 1, "hyoka clients on the seed")
end)

local complete = examples .. "/complete.hyoka"

test("examples/complete.hyoka has no errors or warnings", function()
  check(read(complete), "missing %s", complete)
  local buf = open_sheet(copy(complete, tmp .. "/complete.hyoka"))
  local diags = settle(buf, diag_events[buf] or 0, "complete.hyoka")
  local e_w = ew(diags)
  check(#e_w == 0, "complete.hyoka has %d E/W:\n      %s", #e_w, describe(buf, e_w))
end)

test("misspelt label: unknown-label, quick fix and source.fixAll.hyoka", function()
  local text = assert(read(complete), "missing " .. complete)
  local bad, n = text:gsub("\n(%s*)事業の概要([^\n]*)", function(ws, rest)
    if rest:match("^%s*$") then
      return "\n" .. ws .. "事業の概用："
    end
    return "\n" .. ws .. "事業の概用" .. (rest:match("^[:：]") and rest or ("：" .. rest))
  end, 1)
  check(n == 1, "no 事業の概要 line in complete.hyoka")
  for _, mode in ipairs({ "quickfix", "fixAll" }) do
    -- Each copy is its own project: copies of one sheet open in one workspace are duplicates of one project
    -- (duplicate-project), which is not what this test is about.
    local sheet, named = bad:gsub("事務事業名：([^\n]*)", "事務事業名：%1（" .. mode .. "）", 1)
    check(named == 1, "no 事務事業名 line in complete.hyoka")
    local buf = open_sheet(write(tmp .. "/typo-" .. mode .. ".hyoka", sheet))
    local diags = ew(settle(buf, diag_events[buf] or 0, "typo sheet"))
    local unknown
    for _, d in ipairs(diags) do
      if d.code == "unknown-label" then
        unknown = d
      end
    end
    check(unknown, "no unknown-label for 事業の概用：\n      %s", describe(buf, diags))
    check(text_under(buf, unknown):find("事業の概用", 1, true), "unknown-label range «%s»", text_under(buf, unknown))
    local action
    if mode == "quickfix" then
      for _, a in ipairs(code_actions(buf, unknown, { "quickfix" })) do
        if not is_disable(a) and not action then
          action = a
        end
      end
    else
      local lsp_d = unknown.user_data.lsp
      local res = request(buf, "textDocument/codeAction", {
        textDocument = vim.lsp.util.make_text_document_params(buf),
        range = { start = { line = 0, character = 0 }, ["end"] = { line = vim.api.nvim_buf_line_count(buf), character = 0 } },
        context = { diagnostics = { lsp_d }, only = { "source.fixAll.hyoka" } },
      }) or {}
      action = res[1]
    end
    check(action, "%s: no action offered for unknown-label", mode)
    local ev = diag_events[buf] or 0
    apply_action(buf, action)
    local line = vim.api.nvim_buf_get_lines(buf, unknown.lnum, unknown.lnum + 1, false)[1]
    check(line:find("事業の概要", 1, true), "%s: line is now «%s»", mode, line)
    local after = ew(settle(buf, ev, "typo sheet after " .. mode))
    check(#after == 0, "%s: E/W remain:\n      %s", mode, describe(buf, after))
  end
end)

test(":checkhealth hyoka finds the binary", function()
  vim.cmd("silent checkhealth hyoka")
  local text = table.concat(vim.api.nvim_buf_get_lines(0, 0, -1, false), "\n")
  check(text:find("server binary: " .. bin, 1, true), "health report lacks the binary:\n%s", text)
  check(not text:find("ERROR"), "health report has errors:\n%s", text)
  vim.cmd("silent! bwipeout!")
end)

h.finish()
