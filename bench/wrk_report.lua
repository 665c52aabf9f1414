-- wrk's summary as one JSON line, so bench/run.py never parses the human-readable report.
-- A script that loads this one may define report_extra() to append its own JSON members.
done = function(summary, latency, requests)
  local e = summary.errors
  local extra = report_extra and report_extra() or ""
  io.write(string.format(
    'WRK_JSON {"requests": %d, "duration_us": %d, "bytes": %d, "connect": %d, "read": %d, '
      .. '"write": %d, "status": %d, "timeout": %d, "p50_us": %d, "p99_us": %d, "max_us": %d%s}\n',
    summary.requests, summary.duration, summary.bytes, e.connect, e.read, e.write, e.status,
    e.timeout, latency:percentile(50), latency:percentile(99), latency.max, extra))
end
