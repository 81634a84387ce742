-- The next CRL number (RFC 5280 5.2.3: every later CRL has a larger one), shared by every
-- replica. The counter starts at the epoch millisecond when it does not exist yet, so it keeps
-- growing past the time-based numbers CRLs carried before it existed (and after a store loss).
-- KEYS[1] counter, ARGV[1] now in ms
if redis.call('EXISTS', KEYS[1]) == 0 then
  redis.call('SET', KEYS[1], ARGV[1])
end
return redis.call('INCR', KEYS[1])
