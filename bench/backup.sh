#!/usr/bin/env bash
# Lifeboat's backup against plain pg_dump on the same pgbench database, in the same run.
# Usage: bench/backup.sh [--scale N] [--rounds R]      (defaults: scale 20, 5 rounds)
#
# Timed, R rounds in alternating order, after one warm-up of each:
#   lifeboat     ./lifeboat backup now --json (JVM start, preflight, pg_dump -Fc -Z1 streamed
#                through SHA-256 into the store, row counts, manifest, atomic publish)
#   pg_dump      pg_dump -Fc -f FILE      (PostgreSQL's default compression)
#   pg_dump -Z1  pg_dump -Fc -Z1 -f FILE  (Lifeboat's settings: lifeboat / this = its overhead)
# then the same backups inside one running Lifeboat (console), as the chat bot runs them.
# The report also goes to bench/out/backup-<date>.txt.
set -euo pipefail
REPO="$(cd "$(dirname "$0")/.." && pwd)"
SCALE=20; ROUNDS=5
while [ $# -gt 0 ]; do case "$1" in
  --scale) SCALE=$2; shift 2;; --rounds) ROUNDS=$2; shift 2;;
  *) echo "usage: $0 [--scale N] [--rounds R]" >&2; exit 2;; esac; done
case "$SCALE" in ''|*[!0-9]*) echo "bench: --scale takes a whole number" >&2; exit 2;; esac
case "$ROUNDS" in ''|*[!0-9]*|0) echo "bench: --rounds takes a whole number > 0" >&2; exit 2;; esac
# The throwaway cluster: PGHOST/PGPORT/PGUSER/PGPASSWORD, BIN, WORK, median, ratio, write_config.
source "$REPO/bench/cluster.sh"
# A signal kills bash without running its EXIT trap; make it an exit so the cluster still stops.
trap 'exit 130' INT; trap 'exit 143' TERM

mkdir -p "$REPO/bench/out"
REPORT="$REPO/bench/out/backup-$(date +%Y%m%d-%H%M%S).txt"
: > "$REPORT"
say() { printf '%s\n' "$*" | tee -a "$REPORT"; }
row() { say "$(printf '%-7s %-6s %11s %7s %14s %18s' "$@")"; }

"$BIN/createdb" bench
"$BIN/pgbench" -q -i -s "$SCALE" bench >/dev/null 2>&1
"$BIN/psql" -qAt -c "ANALYZE" bench
write_config bench
"$REPO/lifeboat" --version >/dev/null   # builds the jar once, outside the timings
JAR="$REPO/bot/target/lifeboat.jar"; JSA="$REPO/bot/target/lifeboat.jsa"
jar_stamp=$(stat -c '%Y %s' "$JAR")

# Each run prints "seconds maxRSS-KB"; a failed run stops the bench instead of being timed.
# (Inside $(...) bash turns errexit off, hence the explicit checks.)
lifeboat_run() {
  if ! /usr/bin/time -f '%e %M' -o "$WORK/time" "$REPO/lifeboat" backup now --target bench \
      --config "$WORK/lifeboat.yaml" --json > "$WORK/out.json" 2> "$WORK/lifeboat.err"; then
    echo "bench: lifeboat backup failed:" >&2; tail -n 20 "$WORK/lifeboat.err" >&2; return 1
  fi
  grep -q '"state":"succeeded"' "$WORK/out.json" \
    || { echo "bench: lifeboat did not succeed: $(cat "$WORK/out.json")" >&2; return 1; }
  tail -n 1 "$WORK/time"
}
dump_run() {   # extra pg_dump options...
  /usr/bin/time -f '%e %M' -o "$WORK/time" "$BIN/pg_dump" -Fc "$@" -f "$WORK/dump" bench \
    || { echo "bench: pg_dump -Fc $* failed" >&2; return 1; }
  tail -n 1 "$WORK/time"
}
bytes_of_last_backup() {
  python3 -c 'import json,sys; print(json.load(open(sys.argv[1]))["backup"]["bytes"])' "$WORK/out.json"
}

# Warm-up, one of each: page cache, and the launcher's class data sharing archive.
lifeboat_run >/dev/null; dump_run >/dev/null; dump_run -Z1 >/dev/null; rm -f "$WORK/dump"
lifeboat_pg_dump=$(grep -o 'starting pg_dump [^ ]*' "$WORK/lifeboat.err" | awk '{print $3}' | head -n 1 || true)
baseline_pg_dump=$("$BIN/pg_dump" --version | awk '{print $3}')

say "pgbench scale $SCALE, database bench $("$BIN/psql" -qAt -c "SELECT pg_size_pretty(pg_database_size('bench'))" bench) ($("$BIN/psql" -qAt -c "SELECT pg_database_size('bench')" bench) bytes), $ROUNDS rounds"
say "PostgreSQL server $("$BIN/postgres" --version | awk '{print $3}'), pg_dump $baseline_pg_dump (Lifeboat ran pg_dump ${lifeboat_pg_dump:-?}), $("$REPO/lifeboat" --version), $(java -version 2>&1 | head -n 1)"
if [ -f "$JSA" ] && [ "$JSA" -nt "$JAR" ]; then cds="on"
elif [ -f "$JSA" ]; then cds="STALE (archive older than the jar, so the JVM ignores it)"
else cds="off (no archive)"; fi
say "$(nproc) CPUs, load average $(cut -d' ' -f1-3 /proc/loadavg) at start; launcher's class data sharing: $cds"
if [ -n "$lifeboat_pg_dump" ] && [ "$lifeboat_pg_dump" != "$baseline_pg_dump" ]; then
  say "WARNING: Lifeboat ran another pg_dump than the baseline; the comparison is not like for like"
fi
say ""
row round order lifeboat/s RSS/MB 'pg_dump -Fc/s' 'pg_dump -Fc -Z1/s'
L=(); D=(); Z=(); RSS=()
for i in $(seq "$ROUNDS"); do
  # Alternate the order so neither side always runs on a warmer cache.
  if [ $((i % 2)) = 1 ]; then order="L D Z"; else order="Z D L"; fi
  for side in $order; do case "$side" in
    L) l=$(lifeboat_run); lsize=$(bytes_of_last_backup);;
    D) d=$(dump_run); dsize=$(stat -c %s "$WORK/dump"); rm -f "$WORK/dump";;
    Z) z=$(dump_run -Z1); zsize=$(stat -c %s "$WORK/dump"); rm -f "$WORK/dump";;
  esac; done
  L+=("${l% *}"); RSS+=("${l#* }"); D+=("${d% *}"); Z+=("${z% *}")
  row "$i" "${order// /}" "${l% *}" "$(( ${l#* } / 1024 ))" "${d% *}" "${z% *}"
done
ml=$(median "${L[@]}"); md=$(median "${D[@]}"); mz=$(median "${Z[@]}")
peak=$(printf '%s\n' "${RSS[@]}" | sort -n | tail -n 1)
row median '' "$ml" "$(( $(median "${RSS[@]}" | cut -d. -f1) / 1024 ))" "$md" "$mz"

# Warm: the same backups inside one running Lifeboat (as the chat bot runs them), so the JVM's
# start-up is paid once; the run's own duration as Lifeboat reports it.
W=($(for i in $(seq "$ROUNDS"); do echo /backup now; done | "$REPO/lifeboat" console \
  --config "$WORK/lifeboat.yaml" --user bench 2>/dev/null \
  | awk '/backup of bench succeeded after/ {v=$(NF-1); u=$NF; print (u=="ms" ? v/1000 : v)}'))
[ "${#W[@]}" = "$ROUNDS" ] || { echo "bench: only ${#W[@]} of $ROUNDS console backups succeeded" >&2; exit 1; }
mw=$(median "${W[@]}")

say ""
say "median seconds: lifeboat backup now $ml | pg_dump -Fc $md | pg_dump -Fc -Z1 $mz"
say "ratio lifeboat / pg_dump -Fc (default compression): $(ratio "$ml" "$md")"
say "ratio lifeboat / pg_dump -Fc -Z1 (same compression; Lifeboat's own overhead): $(ratio "$ml" "$mz")"
say "warm (inside one running Lifeboat) seconds ${W[*]}, median $mw: ratio to pg_dump -Fc $(ratio "$mw" "$md"), to pg_dump -Fc -Z1 $(ratio "$mw" "$mz")"
say "artifact bytes: lifeboat $lsize | pg_dump -Fc $dsize | pg_dump -Fc -Z1 $zsize"
say "lifeboat peak RSS: $((peak / 1024)) MB (max over the timed rounds)"
say "load average $(cut -d' ' -f1-3 /proc/loadavg) at the end"
if [ "$(stat -c '%Y %s' "$JAR")" != "$jar_stamp" ]; then
  say "WARNING: $JAR changed during the bench (a build ran meanwhile): the timings are suspect"
fi
echo "report: $REPORT" >&2
