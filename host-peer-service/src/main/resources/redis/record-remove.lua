-- Removes one object. KEYS[1] hp:rec:{rid}, KEYS[2] hp:exp:{rid}; ARGV: field
-- Returns 1 when a live object was removed, 0 when there was none.
local t = redis.call('TIME')
local now = tonumber(t[1]) * 1000 + math.floor(tonumber(t[2]) / 1000)
local expiry = redis.call('ZSCORE', KEYS[2], ARGV[1])
local removed = redis.call('HDEL', KEYS[1], ARGV[1])
redis.call('ZREM', KEYS[2], ARGV[1])
if removed == 1 and expiry and tonumber(expiry) > now then
  return 1
end
return 0
