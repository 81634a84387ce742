-- KEYS[1] data hash, KEYS[2] expiry sorted set, KEYS[3] meta hash; ARGV: keys wanted (none = all).
-- Returns {now ms, generation, then key, expiry ms, entry JSON for each live entry}: one
-- consistent view, never an expired entry.
local t = redis.call('TIME')
local now = tonumber(t[1]) * 1000 + math.floor(tonumber(t[2]) / 1000)
local out = {tostring(now), redis.call('HGET', KEYS[3], 'generation') or '0'}
local keys = ARGV
if #keys == 0 then
  keys = redis.call('ZRANGEBYSCORE', KEYS[2], '(' .. now, '+inf')
end
for _, key in ipairs(keys) do
  local at = redis.call('ZSCORE', KEYS[2], key)
  if at and tonumber(at) > now then
    local blob = redis.call('HGET', KEYS[1], key)
    if blob then
      out[#out + 1] = key
      out[#out + 1] = at
      out[#out + 1] = blob
    end
  end
end
return out
