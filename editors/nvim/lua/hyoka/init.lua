-- hyoka: language server client for 事業評価シート.
--
--   require("hyoka").setup({
--     cmd = { "/path/to/hyoka", "lsp" },      -- default: `hyoka lsp` from $PATH
--     settings = { rules = { ["stray-text"] = "off" }, form = "path/to/form.toml" },
--     capabilities = nil, on_attach = nil,    -- passed to the LSP client
--   })
local M = {}

M.name = "hyoka"
M.config = nil

local function is_executable(path)
  return path and path ~= "" and vim.fn.executable(path) == 1
end

--- The command that starts the server: opts.cmd (list or string), else `hyoka` on $PATH.
---@return string[]|nil cmd, string|nil err
function M.resolve_cmd(cmd)
  if type(cmd) == "string" then
    cmd = { cmd, "lsp" }
  end
  if type(cmd) == "table" and #cmd > 0 then
    if is_executable(cmd[1]) then
      return cmd
    end
    return nil, ("hyoka: %q is not an executable (setup({ cmd = … }))"):format(cmd[1])
  end
  local exe = vim.fn.exepath("hyoka")
  if exe ~= "" then
    return { exe, "lsp" }
  end
  return nil,
    "hyoka: the `hyoka` binary was not found on $PATH. Install it (`cargo install --path .` in the hyoka repository) or pass its path: require('hyoka').setup({ cmd = { '/path/to/hyoka', 'lsp' } })"
end

--- Settings in the shape the server takes: `{ hyoka = { rules = …, form = … } }`.
function M.wrap_settings(settings)
  settings = settings or {}
  if settings.hyoka then
    return settings
  end
  return { hyoka = settings }
end

local function root_dir(bufnr)
  local fname = vim.api.nvim_buf_get_name(bufnr)
  local root = vim.fs.root and vim.fs.root(bufnr, { "hyoka.toml", ".git" }) or nil
  if root then
    return root
  end
  return fname ~= "" and vim.fs.dirname(fname) or vim.uv.cwd()
end

local function request(client, method, params, bufnr)
  if vim.fn.has("nvim-0.11") == 1 then
    return client:request(method, params, nil, bufnr)
  end
  return client.request(method, params, nil, bufnr)
end

--- Pulls diagnostics again for every buffer attached to `client` (the server uses pull
--- diagnostics when the client offers them; Neovim does not re-pull by itself after a
--- settings change, nor handle workspace/diagnostic/refresh).
function M.repull(client)
  local supports = client.server_capabilities and client.server_capabilities.diagnosticProvider
  if not supports then
    return
  end
  for bufnr in pairs(client.attached_buffers or {}) do
    if vim.api.nvim_buf_is_loaded(bufnr) then
      request(client, "textDocument/diagnostic", { textDocument = vim.lsp.util.make_text_document_params(bufnr) }, bufnr)
    end
  end
end

local function capabilities(opts)
  local caps = vim.deepcopy(opts.capabilities or vim.lsp.protocol.make_client_capabilities())
  caps.workspace = caps.workspace or {}
  caps.workspace.diagnostics = vim.tbl_extend("force", caps.workspace.diagnostics or {}, { refreshSupport = true })
  return caps
end

local function handlers(opts)
  local h = vim.tbl_extend("force", {}, opts.handlers or {})
  h["workspace/diagnostic/refresh"] = h["workspace/diagnostic/refresh"]
    or function(_, _, ctx)
      local client = vim.lsp.get_client_by_id(ctx.client_id)
      if client then
        M.repull(client)
      end
      return vim.NIL
    end
  return h
end

local function client_config(opts, cmd)
  local settings = M.wrap_settings(opts.settings)
  return {
    name = M.name,
    cmd = cmd,
    filetypes = { "hyoka" },
    root_markers = { "hyoka.toml", ".git" },
    settings = settings,
    init_options = settings,
    capabilities = capabilities(opts),
    on_attach = opts.on_attach,
    handlers = handlers(opts),
    before_init = opts.before_init,
    on_init = opts.on_init,
  }
end

---@param opts? { cmd?: string[]|string, settings?: table, capabilities?: table, on_attach?: function, handlers?: table, before_init?: function, on_init?: function }
function M.setup(opts)
  opts = opts or {}
  require("hyoka.detect").register()
  local cmd, err = M.resolve_cmd(opts.cmd)
  M.config = { opts = opts, cmd = cmd, err = err }
  if not cmd then
    vim.notify(err, vim.log.levels.ERROR)
    return false
  end
  local cfg = client_config(opts, cmd)
  if vim.lsp.config and vim.lsp.enable then
    -- Neovim 0.11+
    vim.lsp.config(M.name, cfg)
    vim.lsp.enable(M.name)
  else
    -- Neovim 0.10: start a client per hyoka buffer (reused by root dir).
    local group = vim.api.nvim_create_augroup("hyoka_lsp", { clear = true })
    local function start(bufnr)
      local c = vim.deepcopy(cfg)
      c.root_markers, c.filetypes = nil, nil
      c.root_dir = root_dir(bufnr)
      vim.lsp.start(c, { bufnr = bufnr })
    end
    vim.api.nvim_create_autocmd("FileType", {
      group = group,
      pattern = "hyoka",
      callback = function(ev)
        start(ev.buf)
      end,
    })
    for _, b in ipairs(vim.api.nvim_list_bufs()) do
      if vim.api.nvim_buf_is_loaded(b) and vim.bo[b].filetype == "hyoka" then
        start(b)
      end
    end
  end
  return true
end

--- Sends new settings to running hyoka clients (workspace/didChangeConfiguration).
function M.update_settings(settings)
  local wrapped = M.wrap_settings(settings)
  local get = vim.lsp.get_clients or vim.lsp.get_active_clients
  for _, client in ipairs(get({ name = M.name })) do
    client.settings = wrapped
    if client.config then
      client.config.settings = wrapped
    end
    if vim.fn.has("nvim-0.11") == 1 then
      client:notify("workspace/didChangeConfiguration", { settings = wrapped })
    else
      client.notify("workspace/didChangeConfiguration", { settings = wrapped })
    end
    -- the server re-analyses on the notification; fetch the result where it is pulled
    vim.defer_fn(function()
      M.repull(client)
    end, 50)
  end
end

return M
