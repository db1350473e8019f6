#!/bin/bash
# The image's HEALTHCHECK. "Healthy" means Lifeboat works (its state database answers, its chat
# adapters are connected), not that every backup is fresh: an RPO breach is an alert for people,
# and a restarted container would not take the missing backup any sooner.
#
#   healthcheck.sh PORT   asks serve's /healthz on PORT (serve.http_port in lifeboat.yaml):
#                         200 is healthy, 503 (a reason in the body) or no answer is not.
#   healthcheck.sh        without a port (serve.http_port is off by default): runs
#                         `lifeboat status --nagios`, healthy when it could look at all
#                         (OK, WARNING, CRITICAL), unhealthy on UNKNOWN (config or state broken).
#
# bash for /dev/tcp: the runtime image needs no curl for one GET.
set -u

port=${1:-${LIFEBOAT_HEALTH_PORT:-}}
if [ -n "$port" ]; then
  if ! exec 3<>"/dev/tcp/127.0.0.1/$port" 2>/dev/null; then
    echo "lifeboat health: nothing answers on port $port (is serve.http_port $port?)"
    exit 1
  fi
  printf 'GET /healthz HTTP/1.0\r\nHost: localhost\r\n\r\n' >&3
  response=$(timeout 10 cat <&3)
  exec 3<&-
  status=$(printf '%s\n' "$response" | head -n 1 | tr -d '\r')
  body=$(printf '%s\n' "$response" | sed '1,/^\r\{0,1\}$/d')
  case "$status" in
    "HTTP/"*" 200"*) echo "lifeboat health: ok"; exit 0 ;;
    *) echo "lifeboat health: $status $body"; exit 1 ;;
  esac
fi

java=${LIFEBOAT_JAVA:-java}
jar=${LIFEBOAT_JAR:-/opt/lifeboat/lifeboat.jar}
# shellcheck disable=SC2086 # LIFEBOAT_JAVA_OPTS is a list of options on purpose
"$java" -XX:+UseSerialGC -XX:TieredStopAtLevel=1 ${LIFEBOAT_JAVA_OPTS:-} -jar "$jar" status --nagios
case $? in
  0|1|2) exit 0 ;;
  *) exit 1 ;;
esac
