-- wrk: deposits of 1 cent into one of ACCOUNTS accounts numbered from FIRST (see scripts/wrk-bench.sh).
local accounts = tonumber(os.getenv("ACCOUNTS") or "200")
local first = tonumber(os.getenv("FIRST") or "7000000000")
math.randomseed(42)
request = function()
  local n = first + math.random(0, accounts - 1)
  return wrk.format("POST", "/accounts/" .. n .. "/deposit",
    {["Content-Type"] = "application/json"}, '{"amount_cents":1,"currency":"BRL"}')
end
