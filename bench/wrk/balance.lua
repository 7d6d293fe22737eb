-- wrk: balance reads of one of ACCOUNTS accounts numbered from FIRST, each with an API key drawn from
-- KEYS (comma-separated), so that one or many clients' rate-limit buckets are used
-- (see scripts/rate-limit-bench.sh).
local accounts = tonumber(os.getenv("ACCOUNTS") or "200")
local first = tonumber(os.getenv("FIRST") or "7000000000")
local keys = {}
for key in string.gmatch(os.getenv("KEYS") or "", "[^,]+") do
  keys[#keys + 1] = key
end
math.randomseed(44)
request = function()
  local n = first + math.random(0, accounts - 1)
  return wrk.format("GET", "/accounts/" .. n .. "/balance", {["X-API-Key"] = keys[math.random(1, #keys)]})
end
