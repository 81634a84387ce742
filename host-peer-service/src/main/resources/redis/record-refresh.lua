-- Gives a live object a new lifetime (a Put without content).
-- KEYS[1] hp:rec:{rid}, KEYS[2] hp:exp:{rid}; ARGV: field, lifetime ms
-- Returns the new expiry in ms, or 0 when no live object has this field.
local t = redis.call('TIME')
local now = tonumber(t[1]) * 1000 + math.floor(tonumber(t[2]) / 1000)
local current = redis.call('ZSCORE', KEYS[2], ARGV[1])
local value = redis.call('HGET', KEYS[1], ARGV[1])
if not current or tonumber(current) <= now or not value then
  return 0
end
local expiry = now + tonumber(ARGV[2])
local separator = string.find(value, ':', 1, true)
redis.call('HSET', KEYS[1], ARGV[1], string.format('%d', expiry) .. string.sub(value, separator))
redis.call('ZADD', KEYS[2], expiry, ARGV[1])
local last = redis.call('ZRANGE', KEYS[2], -1, -1, 'WITHSCORES')
redis.call('PEXPIREAT', KEYS[1], last[2])
redis.call('PEXPIREAT', KEYS[2], last[2])
return expiry
