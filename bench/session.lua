-- wrk script: logged-in sessions mixing list, search, detail and statistics pages.
-- BENCH_REQUESTS names a file of "<session key>\t<path>" lines; every thread walks it from its
-- own offset. The session cookie is sent by hand: production sets it Secure, and this load
-- test talks plain HTTP to 127.0.0.1.

local plan = {}
for line in io.lines(os.getenv("BENCH_REQUESTS")) do
  local key, path = line:match("^([^\t]+)\t(.+)$")
  if key then
    plan[#plan + 1] = { key, path }
  end
end

local threads = {}
local next_id = 0

function setup(thread)
  thread:set("id", next_id)
  next_id = next_id + 1
  threads[#threads + 1] = thread
end

function init(args)
  position = id * 13
  bad = 0
end

function request()
  position = position + 1
  local item = plan[(position % #plan) + 1]
  return wrk.format("GET", item[2], { ["Cookie"] = "sessionid=" .. item[1] })
end

function response(status, headers, body)
  if status ~= 200 then
    bad = bad + 1
  end
end

function done(summary, latency, requests)
  local not_ok = 0
  for _, thread in ipairs(threads) do
    not_ok = not_ok + thread:get("bad")
  end
  local e = summary.errors
  io.write(string.format(
    'BENCH_JSON {"requests": %d, "duration_us": %d, "bytes": %d, "connect_errors": %d, ' ..
    '"read_errors": %d, "write_errors": %d, "timeouts": %d, "non_200": %d, "p50_us": %d, ' ..
    '"p90_us": %d, "p95_us": %d, "p99_us": %d, "max_us": %d, "mean_us": %.1f}\n',
    summary.requests, summary.duration, summary.bytes, e.connect, e.read, e.write, e.timeout,
    not_ok, latency:percentile(50), latency:percentile(90), latency:percentile(95),
    latency:percentile(99), latency.max, latency.mean))
end
