-- Moves an owner's accounting entry to a new expiry (after a refresh).
-- KEYS[1] hp:own:{owner}; ARGV: member, new expiry ms. Returns 1 if the member existed.
local entry = redis.call('HGET', KEYS[1], ARGV[1])
if not entry then return 0 end
local size = string.match(entry, ':(%d+)$')
redis.call('HSET', KEYS[1], ARGV[1], ARGV[2] .. ':' .. size)
local t = redis.call('TIME')
local now = tonumber(t[1]) * 1000 + math.floor(tonumber(t[2]) / 1000)
local pttl = redis.call('PTTL', KEYS[1])
if pttl >= 0 and now + pttl < tonumber(ARGV[2]) then
  redis.call('PEXPIREAT', KEYS[1], ARGV[2])
end
return 1
