-- wrk: transfers of 1 cent between two different accounts of ACCOUNTS numbered from FIRST.
local accounts = tonumber(os.getenv("ACCOUNTS") or "200")
local first = tonumber(os.getenv("FIRST") or "7000000000")
math.randomseed(43)
request = function()
  local a = math.random(0, accounts - 1)
  local b = (a + math.random(1, accounts - 1)) % accounts
  return wrk.format("POST", "/transfers", {["Content-Type"] = "application/json"},
    '{"from_account_number":"' .. (first + a) .. '","to_account_number":"' .. (first + b)
    .. '","amount_cents":1,"currency":"BRL"}')
end
