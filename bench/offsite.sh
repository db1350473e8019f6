#!/usr/bin/env bash
# Lifeboat's backup into an encrypted S3 store on loopback against plain pg_dump to a local
# file, on the rental shop's database (bench/shop.sql), in the same run, interleaved.
# Usage: bench/offsite.sh [--scale N] [--rounds R] [--heap SIZE]   (defaults: 10, 5, 48m)
#
# The S3 service is S3Proxy over a directory, in its own JVM (the test classpath's), so its
# memory is not Lifeboat's. Each round, in alternating order:
#   offsite   /backup now in one Lifeboat console (heap capped at --heap) whose target's only
#             store is that bucket, encrypted (AES-256-GCM streaming): pg_dump -Fc -Z1 piped
#             through encryption and SHA-256 into a multipart upload
#   same      pg_dump -Fc -Z1 -f FILE     (Lifeboat's flags, zstd:1 from pg_dump 16: offsite /
#                                         same = the overhead)
#   default   pg_dump -Fc -f FILE         (plain pg_dump -Fc, gzip level 6, as the guides run it)
#   verify    /verify latest: download, decrypt end to end, restore (one job, from the stream)
# Prints per-round times, medians, ratios and the console's peak RSS; the report also goes to
# bench/out/offsite-<date>.txt.
set -euo pipefail
REPO="$(cd "$(dirname "$0")/.." && pwd)"
SCALE=10; ROUNDS=5; HEAP=48m
while [ $# -gt 0 ]; do case "$1" in
  --scale) SCALE=$2; shift 2;; --rounds) ROUNDS=$2; shift 2;; --heap) HEAP=$2; shift 2;;
  *) echo "usage: $0 [--scale N] [--rounds R] [--heap SIZE]" >&2; exit 2;; esac; done
case "$SCALE" in ''|*[!0-9]*|0) echo "bench: --scale takes a whole number > 0" >&2; exit 2;; esac
case "$ROUNDS" in ''|*[!0-9]*|0) echo "bench: --rounds takes a whole number > 0" >&2; exit 2;; esac
source "$REPO/bench/cluster.sh"
. "$REPO/.mvn/find-jdk.sh"; lifeboat_find_jdk
trap 'exit 130' INT; trap 'exit 143' TERM

REPORT_NAME=offsite; source "$REPO/bench/shop-rounds.sh"

make_shop
"$REPO/lifeboat" --version >/dev/null   # builds the jar once, outside the timings
(cd "$REPO" && ./mvnw -q -pl runbook-engine -am test-compile -Djacoco.skip=true \
  && ./mvnw -q -pl runbook-engine dependency:build-classpath -Dmdep.includeScope=test \
    -Dmdep.outputFile="$WORK/s3.classpath") >/dev/null

mkdir -p "$WORK/s3"
"$JAVA_HOME/bin/java" -Xmx256m -cp "$REPO/runbook-engine/target/test-classes:$(cat "$WORK/s3.classpath")" \
  dev.lifeboat.testing.S3ProxyMain "$WORK/s3" bench > "$WORK/s3.port" 2> "$WORK/s3.err" &
S3_PID=$!
for _ in $(seq 200); do [ -s "$WORK/s3.port" ] && break; sleep 0.1; done
S3_PORT=$(head -n 1 "$WORK/s3.port"); [ -n "$S3_PORT" ] || fail "S3Proxy did not start: $(tail -n 5 "$WORK/s3.err")"

export TEST_S3_ACCESS_KEY=lifeboat-test-access TEST_S3_SECRET_KEY=lifeboat-test-secret
LIFEBOAT_BENCH_KEY=$(head -c 32 /dev/urandom | base64); export LIFEBOAT_BENCH_KEY
cat > "$WORK/lifeboat.yaml" <<YAML
targets:
  bench: {host: 127.0.0.1, port: $PGPORT, database: shop, user: bench, password_env: PGPASSWORD}
stores:
  offsite: {type: s3, bucket: bench, endpoint: "http://127.0.0.1:$S3_PORT", path_style: true,
            access_key_id_env: TEST_S3_ACCESS_KEY, secret_access_key_env: TEST_S3_SECRET_KEY}
encryption:
  keys: {bench: {env: LIFEBOAT_BENCH_KEY}}
state: {type: embedded, path: $WORK/state/lifeboat}
people:
  bench: {groups: [all]}
groups:
  all: {may: [backup, verify, restore, drill, approve, cancel]}
runbooks: $REPO/config/runbooks
YAML

# The launcher's first command after a build is its training run (it builds the start-up cache
# after it, so it does not exec java): a cold backup, so the console below is java itself.
"$REPO/lifeboat" backup now --target bench --config "$WORK/lifeboat.yaml" --json \
  > "$WORK/cold.json" 2> "$WORK/cold.err" || { tail -n 20 "$WORK/cold.err" >&2; fail "cold backup failed"; }
grep -q '"state":"succeeded"' "$WORK/cold.json" || fail "cold backup: $(cat "$WORK/cold.json")"

start_console
trap 'exec {LB_IN}>&-; wait "$LB_PID" 2>/dev/null || true; kill "$S3_PID" 2>/dev/null || true; cleanup' EXIT
# The console's JVM: the launcher execs it, unless it had to train its cache (then a child).
JVM_PID=$(pgrep -P "$LB_PID" -x java || echo "$LB_PID")

warm "/backup now" backup; same_run; default_run; warm "/verify latest" verify
warm "/backup now" backup
dbsize=$(shop_size)
dbbytes=$("$BIN/psql" -qAt -c "SELECT pg_database_size('shop')" shop)
say "shop database, scale $SCALE: $dbsize; $ROUNDS rounds; S3Proxy (filesystem) on 127.0.0.1:$S3_PORT"
say "PostgreSQL $("$BIN/postgres" --version | awk '{print $3}'), $("$REPO/lifeboat" --version), $(nproc) CPUs, console -Xmx$HEAP"
fmt='%-5s %-10s %8s %8s %8s %8s %8s\n'
say "$(printf "$fmt" round order offsite same default verify 'RSS/MB')"
O=(); S=(); D=(); V=()
for i in $(seq "$ROUNDS"); do
  if [ $((i % 2)) = 1 ]; then order="O S D V"; else order="V D S O"; fi
  for side in $order; do
    t=$(now)
    case "$side" in
      O) warm "/backup now" backup; o=$(since "$t");;
      S) same_run; s=$(since "$t");;
      D) default_run; d=$(since "$t");;
      V) warm "/verify latest" verify; v=$(since "$t");;
    esac
  done
  O+=("$o"); S+=("$s"); D+=("$d"); V+=("$v")
  say "$(printf "$fmt" "$i" "${order// /}" "$o" "$s" "$d" "$v" "$(rss_of "$JVM_PID" VmRSS)")"
done
mo=$(median "${O[@]}"); ms=$(median "${S[@]}"); md=$(median "${D[@]}"); mv=$(median "${V[@]}")
say "$(printf "$fmt" median '' "$mo" "$ms" "$md" "$mv" '')"
say ""
stored=$(du -sb "$WORK/s3/bench" | awk '{print $1}')
say "encrypted S3 backup / $SAME to a file (same flags): $(ratio "$mo" "$ms")"
say "encrypted S3 backup / pg_dump -Fc to a file (plain, gzip 6):   $(ratio "$mo" "$md")  (goal <= 1.15)"
say "bytes: $SAME $(stat -c %s "$WORK/same"), pg_dump -Fc $(stat -c %s "$WORK/default"); bucket holds $stored for $((ROUNDS + 2)) backups"
heap_bytes=$(numfmt --from=iec "${HEAP^^}")
say "console JVM peak RSS $(rss_of "$JVM_PID" VmHWM) MB with -Xmx$HEAP; database $dbbytes bytes = $(ratio "$dbbytes" "$heap_bytes") x the heap"
echo "report: $REPORT" >&2
