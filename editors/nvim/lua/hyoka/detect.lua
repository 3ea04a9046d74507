local M = {}

-- Words of the built-in forms' title lines (平塚市・加古川市, 箕面市, 貝塚市, 郡山市); a Rust test (tests/form_cli.rs)
-- checks that every built-in title holds one. Keep equal to SHEET_MARKERS in editors/vscode/src/sniff.ts.
M.markers = { "事業評価シート", "事務事業評価（", "事務事業評価(", "評価結果の公表", "実施事務事業に対する行政評価" }
M.sniff_lines = 50

--- True when one of the first 50 non-blank lines of `lines` holds one of the markers.
---@param lines string[]
---@return boolean
function M.looks_like_sheet(lines)
  local seen = 0
  for _, line in ipairs(lines) do
    if line:find("%S") then
      seen = seen + 1
      for _, marker in ipairs(M.markers) do
        if line:find(marker, 1, true) then
          return true
        end
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
