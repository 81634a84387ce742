-- KEYS[1] lease, KEYS[2] embedding hash; ARGV[1] publisher id, ARGV[2] document (JSON).
-- Fenced publication: only the lease holder may publish; the version and the document change
-- together. Returns the new version, or 0 when ARGV[1] does not hold the lease.
if redis.call('GET', KEYS[1]) ~= ARGV[1] then
  return 0
end
local version = redis.call('HINCRBY', KEYS[2], 'version', 1)
redis.call('HSET', KEYS[2], 'document', ARGV[2])
return version
