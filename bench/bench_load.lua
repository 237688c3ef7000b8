-- wrk script of bench_load.py: every thread owns one connection and replays, in order, the
-- block uploads of its own participants (session k goes to thread k mod threads, whose
-- requests are in <request file>.<thread>), so each participant's blocks arrive one after the
-- other, as from a browser. Arguments: the request file and "once" (stop a thread when its
-- participants are done; the run must be long enough to keep every thread busy) or "cycle"
-- (start its list again).
-- done() prints one JSON line with the counts and latency percentiles.

local threads = {}
local counter = 0

function setup(thread)
  thread:set("id", counter)
  counter = counter + 1
  table.insert(threads, thread)
end

function init(args)
  local path = args[1]
  cycle = args[2] == "cycle"
  queue, position, errors, exhausted = {}, 0, 0, 0
  for line in io.lines(path .. "." .. id) do
    local url, token, index, body = line:match("^([^\t]+)\t([^\t]+)\t([^\t]+)\t(.*)$")
    local headers = {["Authorization"] = "Bearer " .. token,
                     ["Content-Type"] = "application/json"}
    table.insert(queue, wrk.format("PUT", url, headers, body))
  end
end

-- request() may be called more often than requests are sent (wrk checks the first one when it
-- starts), so the queue only moves on when an answer arrives.
function request()
  return queue[position % #queue + 1]
end

function response(status, headers, body)
  position = position + 1
  if status ~= 200 then errors = errors + 1 end
  if position >= #queue and not cycle then
    exhausted = 1
    wrk.thread:stop()
  end
end

function done(summary, latency, requests)
  local errs, empty = 0, 0
  for _, thread in ipairs(threads) do
    errs = errs + thread:get("errors")
    empty = empty + thread:get("exhausted")
  end
  io.write(string.format(
    '{"requests": %d, "seconds": %.6f, "errors": %d, "socket_errors": %d, "exhausted": %d, ' ..
    '"p50": %.3f, "p95": %.3f, "p99": %.3f}\n',
    summary.requests, summary.duration / 1e6, errs,
    summary.errors.connect + summary.errors.read + summary.errors.write + summary.errors.timeout,
    empty, latency:percentile(50) / 1e3, latency:percentile(95) / 1e3,
    latency:percentile(99) / 1e3))
end
