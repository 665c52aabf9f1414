-- A mix of paths for one wrk run (tests/reliability/test_load.py): every connection rotates
-- through the paths given after `--`, and the report counts the responses by status class,
-- which wrk's own summary lumps together as "non-2xx or 3xx".
local here = debug.getinfo(1, "S").source:match("^@(.*/)") or "./"
dofile(here .. "wrk_report.lua")

local threads = {}

setup = function(thread)
  thread:set("offset", #threads)
  table.insert(threads, thread)
end

init = function(args)
  paths = args
  -- Threads start at different paths, so the mix is spread over the run from the first second.
  counter = offset or 0
  statuses = {}
end

request = function()
  counter = counter + 1
  return wrk.format("GET", paths[(counter % #paths) + 1])
end

response = function(status, headers, body)
  local class = tostring(math.floor(status / 100)) .. "xx"
  statuses[class] = (statuses[class] or 0) + 1
end

report_extra = function()
  local totals, parts = {}, {}
  for _, thread in ipairs(threads) do
    for class, n in pairs(thread:get("statuses")) do
      totals[class] = (totals[class] or 0) + n
    end
  end
  for class, n in pairs(totals) do
    parts[#parts + 1] = string.format('"%s": %d', class, n)
  end
  return ', "statuses": {' .. table.concat(parts, ", ") .. "}"
end
