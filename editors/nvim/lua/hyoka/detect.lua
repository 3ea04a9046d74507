local M = {}

M.marker = "事業評価シート"
M.sniff_lines = 50

--- True when one of the first 50 non-blank lines of `lines` holds 事業評価シート.
---@param lines string[]
---@return boolean
function M.looks_like_sheet(lines)
  local seen = 0
  for _, line in ipairs(lines) do
    if line:find("%S") then
      seen = seen + 1
      if line:find(M.marker, 1, true) then
        return true
      end
      if seen >= M.sniff_lines then
        return false
      end
    end
  end
  return false
end

--- Reads lines of a buffer until 50 non-blank ones are seen (or the buffer ends).
---@param bufnr integer
---@return string[]
function M.head_lines(bufnr)
  local out, seen, start, chunk = {}, 0, 0, 200
  local total = vim.api.nvim_buf_line_count(bufnr)
  while start < total and seen < M.sniff_lines do
    local lines = vim.api.nvim_buf_get_lines(bufnr, start, math.min(start + chunk, total), false)
    for _, l in ipairs(lines) do
      out[#out + 1] = l
      if l:find("%S") then
        seen = seen + 1
        if seen >= M.sniff_lines then
          break
        end
      end
    end
    start = start + chunk
  end
  return out
end

local registered = false

function M.register()
  if registered then
    return
  end
  registered = true
  vim.filetype.add({
    extension = { hyoka = "hyoka" },
    pattern = {
      [".*%.hyoka%.txt"] = { "hyoka", { priority = 10 } },
      [".*%.txt"] = {
        function(_, bufnr)
          if bufnr and vim.api.nvim_buf_is_valid(bufnr) and M.looks_like_sheet(M.head_lines(bufnr)) then
            return "hyoka"
          end
        end,
        { priority = 1 },
      },
    },
  })
end

return M
