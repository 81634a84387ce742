-- Stores one object under a Resource-ID, atomically with its expiry.
-- KEYS[1] hp:rec:{rid}  hash  field = owner(16)|hash(16) -> "<expiry ms>:" valueType(2) content
-- KEYS[2] hp:exp:{rid}  zset  member = field, score = expiry (ms since epoch, Redis clock)
-- ARGV: field, valueType(2)|content, lifetime ms, max objects under this Resource-ID
-- The expiry is in the value too, so that a Get is one HGETALL (no script).
-- Returns {-1} when the Resource-ID is full, else {replaced (0|1), expiry ms}.
local t = redis.call('TIME')
local now = tonumber(t[1]) * 1000 + math.floor(tonumber(t[2]) / 1000)
local dead = redis.call('ZRANGEBYSCORE', KEYS[2], '-inf', now)
if #dead > 0 then
  redis.call('HDEL', KEYS[1], unpack(dead))
  redis.call('ZREM', KEYS[2], unpack(dead))
end
local replaced = redis.call('HEXISTS', KEYS[1], ARGV[1])
if replaced == 0 and redis.call('HLEN', KEYS[1]) >= tonumber(ARGV[4]) then
  return {-1}
end
local expiry = now + tonumber(ARGV[3])
redis.call('HSET', KEYS[1], ARGV[1], string.format('%d', expiry) .. ':' .. ARGV[2])
redis.call('ZADD', KEYS[2], expiry, ARGV[1])
-- both keys live as long as their longest-lived object
local last = redis.call('ZRANGE', KEYS[2], -1, -1, 'WITHSCORES')
redis.call('PEXPIREAT', KEYS[1], last[2])
redis.call('PEXPIREAT', KEYS[2], last[2])
return {replaced, expiry}
