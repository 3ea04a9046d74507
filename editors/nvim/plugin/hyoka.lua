if vim.g.loaded_hyoka then
  return
end
vim.g.loaded_hyoka = true
require("hyoka.detect").register()
vim.api.nvim_create_user_command("HyokaRestart", function()
  local get = vim.lsp.get_clients or vim.lsp.get_active_clients
  for _, c in ipairs(get({ name = "hyoka" })) do
    if vim.fn.has("nvim-0.11") == 1 then
      c:stop()
    else
      c.stop()
    end
  end
  vim.defer_fn(function()
    vim.cmd("edit")
  end, 500)
end, { desc = "Restart the hyoka language server" })
