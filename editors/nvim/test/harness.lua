-- The small test runner that spec.lua and enable.lua share: a PASS/FAIL line per test and the RESULT line
-- that run.sh and editors/run-tests.sh read. Usage: local h = dofile(<dir>/harness.lua)(label)
return function(label)
  local h = { passed = 0, failed = 0 }

  function h.out(msg)
    io.stdout:write(msg .. "\n")
    io.stdout:flush()
  end

  function h.test(name, fn)
    local ok, err = xpcall(fn, debug.traceback)
    if ok then
      h.passed = h.passed + 1
      h.out(("PASS %s: %s"):format(label, name))
    else
      h.failed = h.failed + 1
      h.out(("FAIL %s: %s\n    %s"):format(label, name, tostring(err):gsub("\n", "\n    ")))
    end
  end

  function h.eq(a, b, what)
    if not vim.deep_equal(a, b) then
      error(("%s: expected %s, got %s"):format(what or "value", vim.inspect(b), vim.inspect(a)), 2)
    end
  end

  function h.check(cond, msg, ...)
    if not cond then
      error(msg:format(...), 2)
    end
  end

  -- Print the RESULT line and leave Neovim: exit code 1 when a test failed.
  function h.finish()
    h.out(("RESULT %s passed=%d failed=%d"):format(label, h.passed, h.failed))
    vim.cmd(h.failed > 0 and "cquit 1" or "qall!")
  end

  return h
end
