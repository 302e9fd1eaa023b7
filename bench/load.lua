-- wrk request generator for `just bench`, configured through the environment:
--   BENCH_METHOD, BENCH_PATH and BENCH_BODY ("{user}" becomes u0…u<BENCH_USERS-1>, picked at
--   random per request), BENCH_AUTH (Authorization value), BENCH_PK (X-Publishable-Key),
--   BENCH_TOKENS (file of end-user JWTs, one per line: user i sends token i).
-- `done` prints one JSON line with throughput, latency percentiles and error counts.
local method = os.getenv("BENCH_METHOD") or "GET"
local path_tmpl = os.getenv("BENCH_PATH") or "/"
local body_tmpl = os.getenv("BENCH_BODY")
local users = tonumber(os.getenv("BENCH_USERS") or "1")
local auth = os.getenv("BENCH_AUTH")
local pk = os.getenv("BENCH_PK")
local tokens = {}

local counter = 0
function setup(thread)
  counter = counter + 1
  thread:set("seed", counter)
end

function init(args)
  math.randomseed(os.time() * 1000 + (seed or 0))
  local file = os.getenv("BENCH_TOKENS")
  if file then
    for line in io.lines(file) do
      if #line > 0 then tokens[#tokens + 1] = line end
    end
    users = #tokens
  end
end

function request()
  local i = math.random(0, users - 1)
  local headers = { ["Content-Type"] = "application/json" }
  if #tokens > 0 then
    headers["Authorization"] = "Bearer " .. tokens[i + 1]
  elseif auth then
    headers["Authorization"] = auth
  end
  if pk then headers["X-Publishable-Key"] = pk end
  local user = "u" .. i
  local path = (path_tmpl:gsub("{user}", user))
  local body = nil
  if body_tmpl then body = (body_tmpl:gsub("{user}", user)) end
  return wrk.format(method, path, headers, body)
end

function done(summary, latency, requests)
  local e = summary.errors
  io.write(string.format(
    '{"requests":%d,"duration_us":%d,"p50_us":%d,"p99_us":%d,"p999_us":%d,"non2xx":%d,"socket_errors":%d}\n',
    summary.requests, summary.duration,
    math.floor(latency:percentile(50)), math.floor(latency:percentile(99)), math.floor(latency:percentile(99.9)),
    e.status, e.connect + e.read + e.write + e.timeout))
end
