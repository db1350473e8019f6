#!/usr/bin/env bash
# Lifeboat's backup against plain pg_dump on the same pgbench database, in the same run.
# Usage: bench/backup.sh [--scale N] [--rounds R]      (defaults: scale 20, 5 rounds)
set -euo pipefail
REPO="$(cd "$(dirname "$0")/.." && pwd)"
SCALE=20; ROUNDS=5
while [ $# -gt 0 ]; do case "$1" in
  --scale) SCALE=$2; shift 2;; --rounds) ROUNDS=$2; shift 2;;
  *) echo "usage: $0 [--scale N] [--rounds R]" >&2; exit 2;; esac; done
source "$REPO/bench/cluster.sh"

"$BIN/createdb" bench
"$BIN/pgbench" -q -i -s "$SCALE" bench >/dev/null 2>&1
"$BIN/psql" -qAt -c "ANALYZE" bench
write_config bench
"$REPO/lifeboat" --version >/dev/null   # builds the jar once, outside the timings

lifeboat_run() { /usr/bin/time -f '%e %M' -o "$WORK/time" "$REPO/lifeboat" backup now --target bench \
  --config "$WORK/lifeboat.yaml" --json > "$WORK/out.json" 2>/dev/null; cat "$WORK/time"; }
dump_run() { /usr/bin/time -f '%e %M' -o "$WORK/time" "$BIN/pg_dump" -Fc "$@" -f "$WORK/dump" bench; cat "$WORK/time"; }

lifeboat_run >/dev/null; dump_run >/dev/null   # warm-up: caches, JIT of the disk
L=(); D=(); Z=(); RSS=()
for i in $(seq "$ROUNDS"); do
  # alternate the order so neither side always runs on a warmer cache
  if [ $((i % 2)) = 1 ]; then l=$(lifeboat_run); d=$(dump_run); z=$(dump_run -Z1)
  else z=$(dump_run -Z1); d=$(dump_run); l=$(lifeboat_run); fi
  L+=("${l% *}"); RSS+=("${l#* }"); D+=("${d% *}"); Z+=("${z% *}")
  printf 'round %d: lifeboat %ss  pg_dump -Fc %ss  pg_dump -Fc -Z1 %ss\n' "$i" "${l% *}" "${d% *}" "${z% *}"
done
# Warm: the same backups inside one running Lifeboat (as the chat bot runs them), so the JVM's
# start-up is paid once; the run's own duration as Lifeboat reports it.
W=($(for i in $(seq "$ROUNDS"); do echo /backup now; done | "$REPO/lifeboat" console \
  --config "$WORK/lifeboat.yaml" --user bench 2>/dev/null \
  | awk '/backup of bench succeeded after/ {v=$(NF-1); u=$NF; print (u=="ms" ? v/1000 : v)}'))
lsize=$(python3 -c 'import json,sys; print(json.load(open(sys.argv[1]))["backup"]["bytes"])' "$WORK/out.json")
dump_run >/dev/null; dsize=$(stat -c %s "$WORK/dump"); dump_run -Z1 >/dev/null; zsize=$(stat -c %s "$WORK/dump")
ml=$(median "${L[@]}"); md=$(median "${D[@]}"); mz=$(median "${Z[@]}")
peak=$(printf '%s\n' "${RSS[@]}" | sort -n | tail -1)
mkdir -p "$REPO/bench/out"
{
  echo "pgbench scale $SCALE, database $("$BIN/psql" -qAt -c "SELECT pg_size_pretty(pg_database_size('bench'))" bench), PostgreSQL $("$BIN/postgres" --version | awk '{print $3}'), $ROUNDS rounds"
  echo "median seconds: lifeboat backup now $ml | pg_dump -Fc $md | pg_dump -Fc -Z1 $mz"
  echo "ratio lifeboat / pg_dump -Fc (default level): $(ratio "$ml" "$md")"
  echo "ratio lifeboat / pg_dump -Fc -Z1 (same compression; Lifeboat's own overhead): $(ratio "$ml" "$mz")"
  echo "warm (inside a running Lifeboat) median seconds $(median "${W[@]}"): ratio to pg_dump -Fc $(ratio "$(median "${W[@]}")" "$md"), to pg_dump -Fc -Z1 $(ratio "$(median "${W[@]}")" "$mz")"
  echo "artifact bytes: lifeboat $lsize | pg_dump -Fc $dsize | pg_dump -Fc -Z1 $zsize"
  echo "lifeboat peak RSS: $((peak / 1024)) MB"
} | tee "$REPO/bench/out/backup-$(date +%Y%m%d-%H%M%S).txt"
