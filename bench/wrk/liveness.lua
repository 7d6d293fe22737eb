-- wrk: the liveness probe, which does no work of its own: what the HTTP stack (Tomcat, filters,
-- security, observations, request log) costs per request (see scripts/wrk-bench.sh -s liveness).
request = function()
  return wrk.format("GET", "/actuator/health/liveness")
end
