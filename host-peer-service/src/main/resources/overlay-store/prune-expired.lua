-- Removes the expired versions among the named objects of one Resource-ID (5.1: expired versions
-- are pruned), re-checking each against its stored Expiry: a newer version applied since the
-- caller listed it stays.
-- KEYS as in apply-versions.lua.
-- ARGV[1] rid hex, ARGV[2] rid (16 bytes), ARGV[3] now (8 bytes, as the stamp writes times),
-- ARGV[4..] fields listed as expired.
-- Returns {versions removed, index entries dropped (stale ones included)}.

-- Expiry is bytes 10-17 of the value; expired when Expiry <= now, compared byte by byte.
local function expired(value, now)
  for i = 1, 8 do
    local x, y = string.byte(value, 9 + i), string.byte(now, i)
    if x ~= y then
      return x < y
    end
  end
  return true
end

local removed, dropped = 0, 0
for i = 4, #ARGV do
  local field = ARGV[i]
  local value = redis.call('HGET', KEYS[1], field)
  if not value or expired(value, ARGV[3]) then
    if value then
      redis.call('HDEL', KEYS[1], field)
      removed = removed + 1
    end
    dropped = dropped + redis.call('ZREM', KEYS[3], ARGV[2] .. field)
  end
end
if redis.call('EXISTS', KEYS[1]) == 0 then
  redis.call('ZREM', KEYS[2], ARGV[1])
end
return {removed, dropped}
