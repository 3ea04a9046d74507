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
  local cmd, err = hyoka.resolve_cmd(opts.cmd)
  if not cmd then
    h.error(err, {
      "Build it with `cargo build --release` and put target/release on $PATH,",
      "or call require('hyoka').setup({ cmd = { '/path/to/hyoka', 'lsp' } })",
    })
  else
    h.ok("server binary: " .. cmd[1])
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
  if not hyoka.config then
    h.warn("require('hyoka').setup() has not been called")
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
