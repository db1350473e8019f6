#!/usr/bin/env bash
# Lifeboat against the raw PostgreSQL tools on a rental shop's database (bench/shop.sql: 70
# tables, 55 of them monthly partitions, about 100,000 rows per unit of scale, text that
# compresses like real data), all in the same run, interleaved round by round.
# Usage: bench/ratios.sh [--scale N] [--rounds R] [--heap SIZE]   (defaults: 10, 5, 48m)
#
# Each round, in alternating order:
#   warm      /backup now in the console of one Lifeboat serve that stays up across rounds (as
#             the bot runs it; its heap is capped at --heap, to show that memory stays flat on a
#             database several times the heap), wall time from the command to its result line
#   same      pg_dump -Fc -Z1 -f FILE                  (Lifeboat's flags, zstd:1 from pg_dump 16:
#                                                      warm / same = overhead)
#   default   pg_dump -Fc -f FILE                      (what the guides run: gzip level 6)
#   cold      lifeboat backup now, a new JVM each time (a cron job), run in its own process
#             (LIFEBOAT_HANDOFF=off): as on a machine where no serve runs
#   handed    the same command with that serve running: the command line hands the backup to
#             it (docs/operations.md, "Handing commands to the serve") and relays its output
#   verify    /verify latest in the warm console (checksum, contents, restore, row counts, drop)
#   restore   createdb + pg_restore --jobs=2 --no-owner --no-privileges + dropdb of the same
#             artifact, as a DBA would test it by hand
# Prints per-round times, medians, ratios, sizes and peak RSS; the warm and verify ratios again
# paired within each round (the median of the rounds' own ratios, which a drift of the machine
# between rounds moves less); and the busy CPU seconds of the whole machine per command, which
# another tenant's load on a shared machine does not inflate. The report also goes to
# bench/out/ratios-<date>.txt.
set -euo pipefail
REPO="$(cd "$(dirname "$0")/.." && pwd)"
SCALE=10; ROUNDS=5; HEAP=48m
while [ $# -gt 0 ]; do case "$1" in
  --scale) SCALE=$2; shift 2;; --rounds) ROUNDS=$2; shift 2;; --heap) HEAP=$2; shift 2;;
  *) echo "usage: $0 [--scale N] [--rounds R] [--heap SIZE]" >&2; exit 2;; esac; done
case "$SCALE" in ''|*[!0-9]*|0) echo "bench: --scale takes a whole number > 0" >&2; exit 2;; esac
case "$ROUNDS" in ''|*[!0-9]*|0) echo "bench: --rounds takes a whole number > 0" >&2; exit 2;; esac
case "$HEAP" in *[!0-9kmgKMG]*|'') echo "bench: --heap takes a JVM size such as 48m" >&2; exit 2;; esac
source "$REPO/bench/cluster.sh"
. "$REPO/.mvn/find-jdk.sh"; lifeboat_find_jdk   # the JDK the launcher runs, for the report
trap 'exit 130' INT; trap 'exit 143' TERM

REPORT_NAME=ratios; source "$REPO/bench/shop-rounds.sh"

make_shop
write_config shop
"$REPO/lifeboat" --version >/dev/null   # builds the jar once, outside the timings
JAR="$REPO/bot/target/lifeboat.jar"
jar_stamp=$(stat -c '%Y %s' "$JAR")

cold_run() {   # [on]: hand it to the serve
  LIFEBOAT_HANDOFF=${1:-off} /usr/bin/time -f '%M' -o "$WORK/cold.rss" "$REPO/lifeboat" \
    backup now --target bench --config "$WORK/lifeboat.yaml" --json > "$WORK/cold.json" \
    2> "$WORK/cold.err" || { tail -n 20 "$WORK/cold.err" >&2; fail "lifeboat backup now failed"; }
  grep -q '"state":"succeeded"' "$WORK/cold.json" || fail "cold backup: $(cat "$WORK/cold.json")"
  if [ "${1:-off}" = on ]; then
    grep -q "the serve on this machine" "$WORK/cold.err" || fail "the serve did not take the backup"
  fi
}
handed_run() { cold_run on; }   # then drain_console, outside the timing
latest_artifact() {
  ls -d "$WORK"/store/bench/bench-* | sort | tail -n 1
}
restore_run() {   # the raw tools on the newest artifact Lifeboat wrote
  local a; a=$(latest_artifact)
  "$BIN/createdb" plain
  "$BIN/pg_restore" --jobs=2 --no-owner --no-privileges -d plain "$a"/backup.* \
    || fail "pg_restore failed"
  "$BIN/dropdb" plain
}
# Old backups only fill the disk; the console's catalog forgets them at its next start.
prune() { ls -d "$WORK"/store/bench/bench-* 2>/dev/null | sort | head -n -2 | xargs -r rm -rf; }

# The launcher's first one-off command is its training run (the AOT cache or CDS archive is
# built after it): a backup, so the cache holds what cold backups load. A cache left by another
# command (a `backup list`, say) left a cold backup's peak RSS 8 MB larger here (128 against
# 120 MB, 6 paired runs; no clear change in time), so the bench trains its own.
rm -f "$REPO/bot/target/lifeboat.aot" "$REPO/bot/target/lifeboat.jsa"
cold_run

# The warm Lifeboat: one serve with its console for the whole run, as the bot runs; the console
# is fed one command at a time, and the handed rounds' command lines pass their backups to it.
export LIFEBOAT_RUN_DIR="$WORK/run"
start_console serve
trap 'kill "$LB_PID" 2>/dev/null || true; wait "$LB_PID" 2>/dev/null || true; cleanup' EXIT

# Warm-up, one of each: page cache, JIT, and the launcher's class data sharing archive.
warm "/backup now" backup; same_run; default_run; cold_run; handed_run; drain_console
warm "/verify latest" verify
warm "/backup now" backup; warm "/verify latest" verify   # the JIT's C2 compiles the hot loops
handed_run; drain_console
restore_run
dbsize=$(shop_size)
rows=$("$BIN/psql" -qAt -c "SELECT sum(n_live_tup) FROM pg_stat_user_tables" shop)
tables=$("$BIN/psql" -qAt -c "SELECT count(*) FROM pg_class WHERE relkind IN ('r','p') AND relnamespace = 'public'::regnamespace" shop)
parts=$("$BIN/psql" -qAt -c "SELECT count(*) FROM pg_class WHERE relispartition AND relkind = 'r'" shop)
say "shop database, scale $SCALE: $dbsize, $tables tables ($parts partitions), $rows rows; $ROUNDS rounds"
say "PostgreSQL $("$BIN/postgres" --version | awk '{print $3}'), pg_dump $("$BIN/pg_dump" --version | awk '{print $3}'), $("$REPO/lifeboat" --version), $("$JAVA_HOME/bin/java" -version 2>&1 | head -n 1)"
if [ -f "$REPO/bot/target/lifeboat.aot" ]; then cache="JDK 25 AOT cache"
elif [ -f "$REPO/bot/target/lifeboat.jsa" ]; then cache="class data sharing"; else cache="none"; fi
say "$(nproc) CPUs, load average $(cut -d' ' -f1-3 /proc/loadavg) at start; warm Lifeboat: -Xmx$HEAP; launcher's start-up cache: $cache"
say ""
fmt='%-5s %-18s %7s %7s %8s %7s %7s %7s %8s %8s\n'
say "$(printf "$fmt" round order warm same default cold handed verify restore 'RSS/MB')"
W=(); S=(); D=(); C=(); H=(); HO=(); V=(); R=(); CR=(); WCPU=(); SCPU=(); VCPU=(); RCPU=()
for i in $(seq "$ROUNDS"); do
  # Alternate the order so neither side always runs on a warmer cache or a quieter machine.
  if [ $((i % 2)) = 1 ]; then order="W S D C H V R"; else order="R V H C D S W"; fi
  for side in $order; do
    t=$(now); b=$(busy)
    case "$side" in
      W) warm "/backup now" backup; w=$(since "$t"); wc=$(cpu_since "$b");;
      S) same_run; s=$(since "$t"); sc=$(cpu_since "$b");;
      D) default_run; d=$(since "$t");;
      C) cold_run; c=$(since "$t"); CR+=("$(cat "$WORK/cold.rss")");;
      H) handed_run; h=$(since "$t"); drain_console
         HO+=("$(awk -v h="$h" -v r="$(grep -o '"seconds":[0-9.]*' "$WORK/cold.json" | head -n 1 | cut -d: -f2)" 'BEGIN {printf "%.3f", h - r}')");;
      V) warm "/verify latest" verify; v=$(since "$t"); vc=$(cpu_since "$b");;
      R) restore_run; r=$(since "$t"); rc=$(cpu_since "$b");;
    esac
  done
  prune
  W+=("$w"); S+=("$s"); D+=("$d"); C+=("$c"); H+=("$h"); V+=("$v"); R+=("$r")
  WCPU+=("$wc"); SCPU+=("$sc"); VCPU+=("$vc"); RCPU+=("$rc")
  say "$(printf "$fmt" "$i" "${order// /}" "$w" "$s" "$d" "$c" "$h" "$v" "$r" "$(rss_of "$LB_PID" VmRSS)")"
done
mw=$(median "${W[@]}"); ms=$(median "${S[@]}"); md=$(median "${D[@]}")
mc=$(median "${C[@]}"); mh=$(median "${H[@]}"); mv=$(median "${V[@]}"); mr=$(median "${R[@]}")
say "$(printf "$fmt" median '' "$mw" "$ms" "$md" "$mc" "$mh" "$mv" "$mr" '')"
say ""
lb_bytes=$(stat -c %s "$(latest_artifact)"/backup.* | awk '{s += $1} END {print s}')
same_bytes=$(stat -c %s "$WORK/same"); default_bytes=$(stat -c %s "$WORK/default")
goal() { awk -v r="$1" -v g="$2" 'BEGIN {print (r <= g ? "met" : "NOT met")}'; }
line() { say "$(printf '%-58s %6s  (goal <= %s: %s)' "$1" "$2" "$3" "$(goal "$2" "$3")")"; }
line "warm backup / $SAME (same flags)" "$(ratio "$mw" "$ms")" 1.05
line "cold backup, handed to the serve / $SAME" "$(ratio "$mh" "$ms")" 1.25
line "cold backup, no serve on the machine / $SAME" "$(ratio "$mc" "$ms")" 1.25
line "verify / createdb + pg_restore -j2 + dropdb" "$(ratio "$mv" "$mr")" 1.10
line "warm backup / pg_dump -Fc (default level), time" "$(ratio "$mw" "$md")" 0.35
line "Lifeboat's artifact / pg_dump -Fc (default level), size" "$(ratio "$lb_bytes" "$default_bytes")" 1.25
say "paired within each round, median of the rounds' ratios: warm / same $(paired W S), verify / restore $(paired V R)"
say "busy CPU seconds of the whole machine per command (median): warm $(median "${WCPU[@]}"), same $(median "${SCPU[@]}"), verify $(median "${VCPU[@]}"), restore $(median "${RCPU[@]}"); paired: warm / same $(paired WCPU SCPU), verify / restore $(paired VCPU RCPU)"
say "handed: the command line's own time (wall time minus the serve's run): median $(median "${HO[@]}") s"
say "artifact bytes: lifeboat $lb_bytes | $SAME $same_bytes | pg_dump -Fc $default_bytes"
say "warm Lifeboat RSS: peak $(rss_of "$LB_PID" VmHWM) MB, now $(rss_of "$LB_PID" VmRSS) MB (heap -Xmx$HEAP, database $dbsize)"
say "cold lifeboat backup now peak RSS: $(( $(printf '%s\n' "${CR[@]}" | sort -n | tail -n 1) / 1024 )) MB"
say "load average $(cut -d' ' -f1-3 /proc/loadavg) at the end"
if [ "$(stat -c '%Y %s' "$JAR")" != "$jar_stamp" ]; then
  say "WARNING: $JAR changed during the bench (a build ran meanwhile): the timings are suspect"
fi
echo "report: $REPORT" >&2
