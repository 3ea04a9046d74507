-- :checkhealth hyoka
local M = {}

function M.check()
  local h = vim.health
  h.start("hyoka")
  if vim.fn.has("nvim-0.11") == 1 then
    h.ok("Neovim " .. tostring(vim.version()) .. " (vim.lsp.config / vim.lsp.enable)")
  elseif vim.fn.has("nvim-0.10") == 1 then
    h.ok("Neovim " .. tostring(vim.version()) .. " (vim.lsp.start fallback)")
  else
    h.error("Neovim 0.10 or newer is needed")
  end

  local hyoka = require("hyoka")
  local opts = hyoka.config and hyoka.config.opts or {}
  local enabled = false
  if vim.lsp.config and vim.lsp.enable then
    local files = vim.api.nvim_get_runtime_file("lsp/hyoka.lua", true)
    if #files > 0 then
      h.ok("config: " .. table.concat(files, ", "))
    else
      h.warn("lsp/hyoka.lua is not on 'runtimepath' (add editors/nvim to it)")
    end
    if vim.lsp.is_enabled then
      enabled = vim.lsp.is_enabled("hyoka")
    else
      enabled = vim.lsp._enabled_configs ~= nil and vim.lsp._enabled_configs.hyoka ~= nil
    end
  end
  local want = opts.cmd
  if want == nil and enabled then
    -- vim.lsp.enable("hyoka") without setup(): the command of lsp/hyoka.lua and vim.lsp.config
    local ok, cfg = pcall(function()
      return vim.lsp.config.hyoka
    end)
    want = ok and cfg and cfg.cmd or nil
    if type(want) ~= "table" then
      want = nil
    end
  end
  local cmd, err = hyoka.resolve_cmd(want)
  if not cmd then
    h.error(err, {
      "Build it with `cargo build --release` and put target/release on $PATH,",
      "or call require('hyoka').setup({ cmd = { '/path/to/hyoka', 'lsp' } })",
    })
  else
    local exe = vim.fn.exepath(cmd[1])
    h.ok("server binary: " .. (exe ~= "" and exe or cmd[1]))
    local res = vim.system({ cmd[1], "--version" }, { text = true }):wait(5000)
    if res.code == 0 then
      h.ok("version: " .. vim.trim(res.stdout ~= "" and res.stdout or res.stderr))
    else
      h.warn(("`%s --version` exited with %s: %s"):format(cmd[1], tostring(res.code), vim.trim(res.stderr or "")))
    end
    local lsp = vim.system({ cmd[1], "lsp", "--help" }, { text = true }):wait(5000)
    if lsp.code == 0 then
      h.ok("`hyoka lsp` is available")
    else
      h.error("`hyoka lsp --help` failed: this binary has no language server", { "Update hyoka." })
    end
  end
  if hyoka.config and hyoka.config.mode then
    h.ok("require('hyoka').setup() called (" .. (hyoka.config.mode == "start" and "vim.lsp.start" or "vim.lsp.enable") .. ")")
  elseif hyoka.config then
    h.error("require('hyoka').setup() found no server command (see above)")
  elseif enabled then
    h.ok("enabled with vim.lsp.enable('hyoka') (lsp/hyoka.lua)")
  else
    h.warn("neither require('hyoka').setup() nor vim.lsp.enable('hyoka') has been called")
  end

  local get = vim.lsp.get_clients or vim.lsp.get_active_clients
  local clients = get({ name = "hyoka" })
  if #clients == 0 then
    h.info("no hyoka client running (open a *.hyoka file)")
  else
    for _, c in ipairs(clients) do
      h.ok(("client %d running, position encoding %s"):format(c.id, c.offset_encoding or "?"))
    end
  end
end

return M
