-- hyoka: language server client for 事業評価シート.
--
--   require("hyoka").setup({
--     cmd = { "/path/to/hyoka", "lsp" },      -- default: `hyoka lsp` from $PATH
--     settings = { rules = { ["stray-text"] = "off" }, form = "kakogawa-r4" },  -- a built-in id or "path/to/form.toml"
--     capabilities = nil, on_attach = nil,    -- passed to the LSP client
--   })
--
-- The client configuration lives in lsp/hyoka.lua. On Neovim 0.11+ setup() overrides it with
-- vim.lsp.config("hyoka", …) and calls vim.lsp.enable("hyoka") (so `vim.lsp.enable("hyoka")`
-- alone works as well); on 0.10 it starts a client per hyoka buffer with vim.lsp.start.
-- Diagnostics arrive as the server sends them (pushed to Neovim, which declares no refresh
-- support for pulled diagnostics): the plugin runs no timers.
local M = {}

M.name = "hyoka"
--- After setup(): { opts = …, cmd = …, err = …, mode = "enable" | "start" }.
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

local has_011 = vim.fn.has("nvim-0.11") == 1

--- The table lsp/hyoka.lua returns (the file next to this plugin's lua/ folder).
function M.base_config()
  local here = debug.getinfo(1, "S").source:gsub("^@", "")
  local file = vim.fs.joinpath(vim.fs.dirname(vim.fs.dirname(vim.fs.dirname(here))), "lsp", M.name .. ".lua")
  return dofile(file)
end

local function root_dir(bufnr, markers)
  local fname = vim.api.nvim_buf_get_name(bufnr)
  local root = vim.fs.root and vim.fs.root(bufnr, markers or { "hyoka.toml", ".git" }) or nil
  if root then
    return root
  end
  return fname ~= "" and vim.fs.dirname(fname) or vim.uv.cwd()
end

--- What setup() puts over lsp/hyoka.lua.
local function overrides(opts, cmd)
  local settings = M.wrap_settings(opts.settings)
  return {
    cmd = cmd,
    settings = settings,
    init_options = settings,
    capabilities = opts.capabilities,
    on_attach = opts.on_attach,
    handlers = opts.handlers,
    before_init = opts.before_init,
    on_init = opts.on_init,
  }
end

-- Clients stopped by M.restart(): never reused while they shut down.
local stopping = {}

local function hyoka_buffers()
  local bufs = {}
  for _, b in ipairs(vim.api.nvim_list_bufs()) do
    if vim.api.nvim_buf_is_loaded(b) and vim.bo[b].filetype == M.name then
      bufs[#bufs + 1] = b
    end
  end
  return bufs
end

--- Starts (or reuses) a client for one buffer with vim.lsp.start: the 0.10 path, and restarts.
local function start(bufnr)
  local cfg
  if M.config and M.config.mode == "start" then
    cfg = vim.deepcopy(M.config.client)
  elseif vim.lsp.config then
    -- lsp/hyoka.lua merged with vim.lsp.config("hyoka", …)
    cfg = vim.deepcopy(vim.lsp.config[M.name] or M.base_config())
  else
    cfg = M.base_config()
  end
  cfg.name = M.name
  if type(cfg.root_dir) ~= "string" then
    cfg.root_dir = root_dir(bufnr, cfg.root_markers)
  end
  cfg.root_markers, cfg.filetypes = nil, nil
  return vim.lsp.start(cfg, {
    bufnr = bufnr,
    reuse_client = function(client, config)
      return client.name == config.name and not stopping[client.id] and client.config.root_dir == config.root_dir
    end,
  })
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
  local over = overrides(opts, cmd)
  if vim.lsp.config and vim.lsp.enable then
    -- Neovim 0.11+: lsp/hyoka.lua (on 'runtimepath' with this plugin) + these overrides
    M.config.mode = "enable"
    if #vim.api.nvim_get_runtime_file("lsp/" .. M.name .. ".lua", false) == 0 then
      over = vim.tbl_extend("force", M.base_config(), over)
    end
    vim.lsp.config(M.name, over)
    vim.lsp.enable(M.name)
  else
    -- Neovim 0.10: start a client per hyoka buffer (reused by root dir).
    M.config.mode = "start"
    M.config.client = vim.tbl_extend("force", M.base_config(), over)
    local group = vim.api.nvim_create_augroup("hyoka_lsp", { clear = true })
    vim.api.nvim_create_autocmd("FileType", {
      group = group,
      pattern = M.name,
      callback = function(ev)
        start(ev.buf)
      end,
    })
    for _, b in ipairs(hyoka_buffers()) do
      start(b)
    end
  end
  return true
end

local function clients()
  local get = vim.lsp.get_clients or vim.lsp.get_active_clients
  return get({ name = M.name })
end

--- Stops the hyoka clients and starts new ones for the loaded hyoka buffers (:HyokaRestart).
function M.restart()
  for _, client in ipairs(clients()) do
    stopping[client.id] = true
    if has_011 then
      client:stop()
    else
      client.stop()
    end
  end
  for _, b in ipairs(hyoka_buffers()) do
    start(b)
  end
end

--- Sends new settings to running hyoka clients (workspace/didChangeConfiguration); the
--- server analyses the open sheets again and sends their diagnostics.
function M.update_settings(settings)
  local wrapped = M.wrap_settings(settings)
  for _, client in ipairs(clients()) do
    client.settings = wrapped
    if client.config then
      client.config.settings = wrapped
    end
    if has_011 then
      client:notify("workspace/didChangeConfiguration", { settings = wrapped })
    else
      client.notify("workspace/didChangeConfiguration", { settings = wrapped })
    end
  end
end

return M
