-- hyoka (事業評価シート) for Neovim 0.11+'s vim.lsp.config / vim.lsp.enable. With
-- editors/nvim on 'runtimepath' this is all a configuration needs:
--
--   vim.lsp.enable("hyoka")
--   vim.lsp.config("hyoka", { cmd = { "/path/to/hyoka", "lsp" } })   -- optional overrides
--
-- require("hyoka").setup{} enables this config too and overrides cmd, settings and the
-- rest with its options (settings reach the server as `{ hyoka = { rules = …, form = … } }`).
-- Diagnostics need no client-side help: the server pushes them to a client that cannot be
-- asked to pull again (Neovim declares no workspace/diagnostic/refresh support).
local cmd = { "hyoka", "lsp" }
local settings = { hyoka = {} }
-- after require("hyoka").setup{}, its resolved command and settings
local plugin = package.loaded["hyoka"]
if type(plugin) == "table" and plugin.config then
  cmd = plugin.config.cmd or cmd
  settings = plugin.wrap_settings(plugin.config.opts and plugin.config.opts.settings)
end

return {
  cmd = cmd,
  filetypes = { "hyoka" },
  root_markers = { "hyoka.toml", ".git" },
  settings = settings,
  init_options = settings,
}
