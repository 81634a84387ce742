-- Every live object under a Resource-ID. Expired objects are removed on the way.
-- KEYS[1] hp:rec:{rid}, KEYS[2] hp:exp:{rid}
-- Returns {now ms, field, value, expiry ms, field, value, expiry ms, ...}.
local t = redis.call('TIME')
local now = tonumber(t[1]) * 1000 + math.floor(tonumber(t[2]) / 1000)
local dead = redis.call('ZRANGEBYSCORE', KEYS[2], '-inf', now)
if #dead > 0 then
  redis.call('HDEL', KEYS[1], unpack(dead))
  redis.call('ZREM', KEYS[2], unpack(dead))
end
local live = redis.call('ZRANGE', KEYS[2], 0, -1, 'WITHSCORES')
local out = {now}
for i = 1, #live, 2 do
  local value = redis.call('HGET', KEYS[1], live[i])
  if value then
    out[#out + 1] = live[i]
    out[#out + 1] = value
    out[#out + 1] = tonumber(live[i + 1])
  end
end
return out
