-- KEYS[1] lease, ARGV[1] candidate id, ARGV[2] ttl ms.
-- Renews the lease for its holder, or takes it when free; 1 when ARGV[1] holds it afterwards.
local holder = redis.call('GET', KEYS[1])
if holder == ARGV[1] then
  redis.call('PEXPIRE', KEYS[1], ARGV[2])
  return 1
end
if holder then
  return 0
end
redis.call('SET', KEYS[1], ARGV[1], 'PX', ARGV[2])
return 1
