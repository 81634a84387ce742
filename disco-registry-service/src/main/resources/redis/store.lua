-- Atomic Store of RFC 6940 7.4.1 over all kinds of one request (docs/protocol.md 4.3).
-- KEYS: for each kind, 4 keys: data hash (key -> entry JSON), time hash (key -> storage_time),
--       expiry sorted set (key scored by expiry ms), meta hash (generation).
-- ARGV[1] change channel, ARGV[2] number of kinds, then for each kind:
--   Kind-ID, requested generation (0 = no check), max entries, entry count,
--   then per entry: key, storage_time, lifetime ms, entry JSON, delegated-since ms (0 unless the
--   writer signs through a focus delegation: then its notBefore).
-- Returns {0, generation per kind} when stored, or {error code, kind index, current generation,
-- offending key} with RELOAD codes 2 (a delegation revoked: the key's tombstone is as recent as
-- the delegation), 5 (generation), 8 (too many entries), 9 (too old); nothing of the request is
-- written unless every kind and entry passes.
local t = redis.call('TIME')
local now = tonumber(t[1]) * 1000 + math.floor(tonumber(t[2]) / 1000)
local kinds = tonumber(ARGV[2])
local a = 3
local plan = {}
for k = 1, kinds do
  local base = (k - 1) * 4
  local data, time, exp, meta = KEYS[base + 1], KEYS[base + 2], KEYS[base + 3], KEYS[base + 4]
  -- forget what has expired (only ever removes dead data, so it may precede a refusal)
  local expired = redis.call('ZRANGEBYSCORE', exp, '-inf', now)
  if #expired > 0 then
    redis.call('HDEL', data, unpack(expired))
    redis.call('HDEL', time, unpack(expired))
    redis.call('ZREM', exp, unpack(expired))
  end
  local requested = tonumber(ARGV[a + 1])
  local maxEntries = tonumber(ARGV[a + 2])
  local count = tonumber(ARGV[a + 3])
  a = a + 4
  local generation = tonumber(redis.call('HGET', meta, 'generation') or '0')
  if requested ~= 0 and requested ~= generation then
    return {5, k, generation, ''}
  end
  local added = 0
  local entries = {}
  for e = 1, count do
    local key, storageTime, lifetime, blob = ARGV[a], tonumber(ARGV[a + 1]), tonumber(ARGV[a + 2]), ARGV[a + 3]
    local delegatedSince = tonumber(ARGV[a + 4])
    a = a + 5
    local stored = redis.call('HGET', time, key)
    if stored then
      if storageTime < tonumber(stored) then
        return {9, k, generation, key}
      end
      -- a tombstone written once the delegation existed (by the owner revoking it, or by the
      -- focus leaving) ends it: only a delegation issued later writes this key again
      if delegatedSince > 0 and tonumber(stored) >= delegatedSince
          and cjson.decode(redis.call('HGET', data, key))['exists'] == false then
        return {2, k, generation, key}
      end
    else
      added = added + 1
    end
    entries[#entries + 1] = {key, storageTime, lifetime, blob}
  end
  if redis.call('HLEN', data) + added > maxEntries then
    return {8, k, generation, ''}
  end
  plan[k] = {data, time, exp, meta, entries, generation}
end
local result = {0}
local changed = false
for k = 1, kinds do
  local p = plan[k]
  local generation = p[6]
  if #p[5] > 0 then
    for _, e in ipairs(p[5]) do
      redis.call('HSET', p[1], e[1], e[4])
      redis.call('HSET', p[2], e[1], e[2])
      redis.call('ZADD', p[3], now + e[3], e[1])
    end
    generation = generation + 1
    redis.call('HSET', p[4], 'generation', generation)
    -- every key of the kind lives as long as its longest-lived entry
    local last = redis.call('ZRANGE', p[3], -1, -1, 'WITHSCORES')
    for i = 1, 4 do
      redis.call('PEXPIREAT', p[i], last[2])
    end
    changed = true
  end
  result[#result + 1] = generation
end
if changed then
  redis.call('PUBLISH', ARGV[1], 'stored')
end
return result
