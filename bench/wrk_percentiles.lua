-- Latency percentiles in microseconds, printed by bench/load.py's wrk runs.
done = function(summary, latency, requests)
  io.write(string.format("p50=%d p95=%d p99=%d\n", latency:percentile(50), latency:percentile(95), latency:percentile(99)))
end
