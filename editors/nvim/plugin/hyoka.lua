if vim.g.loaded_hyoka then
  return
end
vim.g.loaded_hyoka = true
require("hyoka.detect").register()
vim.api.nvim_create_user_command("HyokaRestart", function()
  require("hyoka").restart()
end, { desc = "Restart the hyoka language server" })
