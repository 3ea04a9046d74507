-- Headless Neovim test of `vim.lsp.enable("hyoka")` with nothing but editors/nvim on
-- 'runtimepath' (lsp/hyoka.lua) and `hyoka` on $PATH: no require("hyoka").setup(), and no
-- timer anywhere in the plugin. Run by editors/nvim/test/run.sh (the `nvim` suite):
--   PATH=<dir of hyoka>:$PATH nvim --headless --clean --cmd 'set rtp^=editors/nvim' -c 'luafile editors/nvim/test/enable.lua'
-- Environment: HYOKA_BIN (the server, also first on $PATH), HYOKA_FIXTURES, HYOKA_TMP,
-- HYOKA_NVIM_PLUGIN (editors/nvim).
local label = "nvim[vim.lsp.enable]"
local bin = assert(os.getenv("HYOKA_BIN"), "HYOKA_BIN")
local fixtures = assert(os.getenv("HYOKA_FIXTURES"), "HYOKA_FIXTURES")
local tmp = assert(os.getenv("HYOKA_TMP"), "HYOKA_TMP")
local plugin_dir = assert(os.getenv("HYOKA_NVIM_PLUGIN"), "HYOKA_NVIM_PLUGIN")

local h = dofile(vim.fs.dirname(debug.getinfo(1, "S").source:sub(2)) .. "/harness.lua")(label)
local out, test, eq, check = h.out, h.test, h.eq, h.check

-- Timers started by the plugin's own code (its lua/, plugin/, lsp/ … files): there must be none.
local timers = {}
local function note_timer(what)
  local info = debug.getinfo(3, "Sl")
  local src = info and info.source or ""
  if src:sub(1, 1) == "@" and src:find(plugin_dir, 1, true) and not src:find("/test/", 1, true) then
    timers[#timers + 1] = ("%s from %s:%d"):format(what, src:sub(2), info.currentline or 0)
  end
end
local defer_fn, new_timer, timer_start = vim.defer_fn, vim.uv.new_timer, vim.fn.timer_start
vim.defer_fn = function(...)
  note_timer("vim.defer_fn")
  return defer_fn(...)
end
vim.uv.new_timer = function(...)
  note_timer("vim.uv.new_timer")
  return new_timer(...)
end
vim.fn.timer_start = function(...)
  note_timer("timer_start")
  return timer_start(...)
end

local diag_events = {}
vim.api.nvim_create_autocmd("DiagnosticChanged", {
  callback = function(ev)
    diag_events[ev.buf] = (diag_events[ev.buf] or 0) + 1
  end,
})

local function copy(src, dst)
  local data = assert(io.open(src, "rb")):read("*a")
  local f = assert(io.open(dst, "wb"))
  f:write(data)
  f:close()
  return dst
end

local S = vim.diagnostic.severity
local function ew_counts(buf)
  local c = {}
  for _, d in ipairs(vim.diagnostic.get(buf)) do
    if d.severity == S.ERROR or d.severity == S.WARN then
      c[tostring(d.code)] = (c[tostring(d.code)] or 0) + 1
    end
  end
  return c
end

local function client_for(buf)
  return vim.lsp.get_clients({ bufnr = buf, name = "hyoka" })[1]
end

test("lsp/hyoka.lua is on 'runtimepath' and is the hyoka config", function()
  local files = vim.api.nvim_get_runtime_file("lsp/hyoka.lua", true)
  eq(#files, 1, "lsp/hyoka.lua files on 'runtimepath'")
  check(vim.startswith(vim.fs.normalize(files[1]), vim.fs.normalize(plugin_dir)), "lsp/hyoka.lua from %s", files[1])
  check(package.loaded.hyoka == nil or package.loaded.hyoka.config == nil, "require('hyoka').setup() ran")
  local cfg = vim.lsp.config.hyoka
  check(cfg, "vim.lsp.config.hyoka is nil")
  eq(cfg.cmd, { "hyoka", "lsp" }, "cmd")
  eq(cfg.filetypes, { "hyoka" }, "filetypes")
  eq(cfg.root_markers, { "hyoka.toml", ".git" }, "root_markers")
  eq(cfg.settings, { hyoka = {} }, "settings")
  eq(cfg.init_options, { hyoka = {} }, "init_options")
  eq(vim.fn.exepath("hyoka"), bin, "`hyoka` on $PATH")
end)

local seed = copy(fixtures .. "/seed-raw.txt", tmp .. "/enable-seed.txt")
local buf

test("vim.lsp.enable('hyoka'): the seed's diagnostics arrive, pushed (spec §9)", function()
  vim.lsp.enable("hyoka")
  vim.cmd("edit " .. vim.fn.fnameescape(seed))
  buf = vim.api.nvim_get_current_buf()
  eq(vim.bo[buf].filetype, "hyoka", "filetype of the sniffed seed")
  check(
    vim.wait(15000, function()
      local c = client_for(buf)
      return c ~= nil and c.initialized == true
    end, 50),
    "no hyoka client attached within 15 s"
  )
  local c = client_for(buf)
  eq(c.config.cmd, { "hyoka", "lsp" }, "the client's cmd")
  -- Neovim declares no workspace/diagnostic/refresh support: the server pushes, nothing is pulled
  check(c.server_capabilities.diagnosticProvider == nil, "the server asked for pull diagnostics: %s", vim.inspect(c.server_capabilities.diagnosticProvider))
  local want = { ["missing-field"] = 17, ["field-outside-section"] = 3 }
  local ok = vim.wait(15000, function()
    return vim.deep_equal(ew_counts(buf), want)
  end, 50)
  check(ok, "E/W rule counts %s, want %s", vim.inspect(ew_counts(buf)), vim.inspect(want))
end)

test("an edit is answered with new diagnostics (no timer, no :edit)", function()
  check(buf, "no seed buffer")
  local lines = vim.api.nvim_buf_get_lines(buf, 0, -1, false)
  local lnum
  for i, l in ipairs(lines) do
    if vim.trim(l) == "事業の概要" then
      lnum = i
      break
    end
  end
  check(lnum, "no 事業の概要 line in the seed")
  local ev = diag_events[buf] or 0
  vim.api.nvim_buf_set_lines(buf, lnum - 1, lnum, false, {})
  local ok = vim.wait(15000, function()
    return (diag_events[buf] or 0) > ev and (ew_counts(buf)["field-outside-section"] or 0) == 2
  end, 50)
  check(ok, "field-outside-section counts after deleting 事業の概要: %s", vim.inspect(ew_counts(buf)))
end)

test(":checkhealth hyoka: enabled without setup()", function()
  vim.cmd("silent checkhealth hyoka")
  local text = table.concat(vim.api.nvim_buf_get_lines(0, 0, -1, false), "\n")
  check(text:find("server binary: " .. bin, 1, true), "health report lacks the binary:\n%s", text)
  check(text:find("vim.lsp.enable('hyoka')", 1, true), "health report does not see the enabled config:\n%s", text)
  check(not text:find("ERROR"), "health report has errors:\n%s", text)
  vim.cmd("silent! bwipeout!")
end)

test("the plugin started no timer", function()
  eq(timers, {}, "timers started by the plugin")
  for _, f in ipairs(vim.fn.globpath(plugin_dir, "{lua,plugin,ftplugin,ftdetect,lsp}/**/*.lua", false, true)) do
    local text = assert(io.open(f, "rb")):read("*a")
    for _, word in ipairs({ "defer_fn", "new_timer", "timer_start" }) do
      check(not text:find(word, 1, true), "%s uses %s", f, word)
    end
  end
end)

h.finish()
