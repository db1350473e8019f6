#!/bin/sh
# The container's entry point, run under tini (PID 1 reaps pg_restore --jobs workers and
# forwards SIGTERM, so Lifeboat's graceful shutdown runs). Checks what a first start gets
# wrong, then hands over to Lifeboat with exec, so signals reach the JVM directly.
set -eu

data=${LIFEBOAT_DATA:-/var/lib/lifeboat}
java=${LIFEBOAT_JAVA:-java}
jar=${LIFEBOAT_JAR:-/opt/lifeboat/lifeboat.jar}

# A bind mount keeps the host folder's owner, and the image runs as uid 10001: say so at once
# instead of failing later inside the state database or the store.
probe="$data/.lifeboat-write-check.$$"
if ! (: > "$probe") 2>/dev/null; then
  uid=$(id -u); gid=$(id -g)
  echo "lifeboat: $data is not writable by uid $uid (gid $gid), the user this container runs as." >&2
  echo "  A bind-mounted folder keeps its owner on the host. Fix it with one of:" >&2
  echo "    chown -R $uid:$gid HOST_FOLDER        (on the host)" >&2
  echo "    docker run --user \"\$(id -u):\$(id -g)\" ...   (run as the folder's owner)" >&2
  echo "    a named volume instead of a bind mount (docker volume create lifeboat-data)" >&2
  exit 3
fi
rm -f "$probe"

# A one-off command (docker run ... backup now) lets C2 compile the JDK's SHA-256 only, as
# ./lifeboat does (the reasons are in one-off-jit.json, beside the jar); serve and console get
# the whole JIT.
jit=
directives="$(dirname "$jar")/one-off-jit.json"
case "${1:-}" in
  serve|console|demo) ;;
  *) [ -f "$directives" ] && jit="-XX:+UnlockDiagnosticVMOptions -XX:-DisplayVMOutput \
-XX:CompilerDirectivesFile=$directives" ;;
esac

# The JVM sizes its heap from the container's memory limit; pg_dump does the heavy lifting.
# shellcheck disable=SC2086 # LIFEBOAT_JAVA_OPTS and jit are lists of options on purpose
exec "$java" -XX:+UseSerialGC -XX:MaxRAMPercentage=50 $jit ${LIFEBOAT_JAVA_OPTS:-} -jar "$jar" "$@"
