-- bench/soak.lua - wrk script for bench/soak.sh: a mix of the banking demo's
-- endpoints.  Out of every 100 requests: TRANSFER_PCT (default 1) POST
-- /transfer of $1 around alice -> bob -> charlie -> alice (each transfer
-- sleeps 20 ms in the demo, on purpose: its race window), as many POST
-- /deposit of $1, the rest GET /balances.  CLOSE=1 adds "Connection: close".
local transfer_pct = tonumber(os.getenv("TRANSFER_PCT") or "1")
local close = os.getenv("CLOSE") == "1"
local accounts = {"alice", "bob", "charlie"}
local n = 0
local statuses = {}

local function headers(json)
  local h = {}
  if json then h["Content-Type"] = "application/json" end
  if close then h["Connection"] = "close" end
  return h
end

function request()
  n = n + 1
  local k = n % 100
  local a = accounts[n % 3 + 1]
  if k < transfer_pct then
    local b = accounts[(n + 1) % 3 + 1]
    return wrk.format("POST", "/transfer", headers(true),
      string.format('{"from":"%s","to":"%s","amount":1}', a, b))
  elseif k < 2 * transfer_pct then
    return wrk.format("POST", "/deposit", headers(true),
      string.format('{"account":"%s","amount":1}', a))
  end
  return wrk.format("GET", "/balances", headers(false))
end
