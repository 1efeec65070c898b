-- wrk script of the load benchmark: one endpoint, configured by the environment.
--
--   BENCH_METHOD  GET (default) or POST
--   BENCH_PATHS   one or more paths separated by spaces; requests rotate over them
--   BENCH_BODY    JSON request body (POST)
--   BENCH_TOKEN   access JWT sent as "Authorization: Bearer ..." (none when empty)
--
-- When the run ends it prints one line "BENCH_RESULT {json}" with the request count,
-- the duration, the errors and the p50/p99 latencies in microseconds.

local method = os.getenv("BENCH_METHOD") or "GET"
local body = os.getenv("BENCH_BODY")
if body == "" then body = nil end
local token = os.getenv("BENCH_TOKEN") or ""

local paths = {}
for path in string.gmatch(os.getenv("BENCH_PATHS") or "/", "%S+") do
  paths[#paths + 1] = path
end

local headers = { ["Accept"] = "application/json" }
if body then headers["Content-Type"] = "application/json" end
if token ~= "" then headers["Authorization"] = "Bearer " .. token end

-- Each thread starts its rotation at a different path.
local thread_number = 0
function setup(thread)
  thread:set("offset", thread_number)
  thread_number = thread_number + 1
end

local counter = 0
function request()
  counter = counter + 1
  local index = ((counter + (offset or 0)) % #paths) + 1
  return wrk.format(method, paths[index], headers, body)
end

function done(summary, latency, requests)
  local errors = summary.errors
  io.write(string.format(
    'BENCH_RESULT {"requests": %d, "duration_us": %d, "non_2xx": %d, '
      .. '"socket_errors": %d, "p50_us": %d, "p99_us": %d}\n',
    summary.requests, summary.duration, errors.status,
    errors.connect + errors.read + errors.write + errors.timeout,
    latency:percentile(50), latency:percentile(99)))
end
