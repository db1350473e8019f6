# Shared by the benchmarks: a throwaway PostgreSQL cluster on 127.0.0.1, run as the postgres
# user when we are root (PostgreSQL refuses root). Source it; it exports PGHOST, PGPORT, PGUSER,
# PGPASSWORD and BIN, and stops and removes the cluster on exit.
set -euo pipefail

BIN=$(ls -d /usr/lib/postgresql/*/bin 2>/dev/null | sort -V | while read -r d; do
  [ -x "$d/initdb" ] && echo "$d"; done | tail -n 1)
[ -n "$BIN" ] || { echo "bench: no PostgreSQL server found (apt-get install -y postgresql)" >&2; exit 1; }
WORK=$(mktemp -d /tmp/lifeboat-bench-XXXXXX)
chmod 711 "$WORK"
as_pg=()
if [ "$(id -u)" = 0 ]; then
  owner=postgres; id postgres >/dev/null 2>&1 || owner=nobody
  as_pg=(setpriv --reuid="$(id -u "$owner")" --regid="$(id -g "$owner")" --init-groups --)
fi
mkdir -p "$WORK/pg"
export PGPASSWORD="bench-$RANDOM$RANDOM"
printf '%s\n' "$PGPASSWORD" > "$WORK/pg/pw"
[ "${#as_pg[@]}" -gt 0 ] && chown -R "$owner" "$WORK/pg"
(cd "$WORK/pg" && "${as_pg[@]}" "$BIN/initdb" -D "$WORK/pg/data" -U bench --pwfile="$WORK/pg/pw" \
  --auth-local=trust --auth-host=scram-sha-256 -E UTF8 --locale=C --no-sync >/dev/null)
export PGPORT=$(python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1])')
export PGHOST=127.0.0.1 PGUSER=bench
cleanup() {
  (cd "$WORK/pg" && "${as_pg[@]}" "$BIN/pg_ctl" stop -D "$WORK/pg/data" -m fast -w >/dev/null 2>&1) || true
  rm -rf "$WORK"
}
trap cleanup EXIT
# Both sides of every comparison share this server, so fsync=off favours neither.
(cd "$WORK/pg" && "${as_pg[@]}" "$BIN/pg_ctl" start -D "$WORK/pg/data" -w -l "$WORK/pg/log" \
  -o "-p $PGPORT -c listen_addresses=127.0.0.1 -k $WORK/pg -c fsync=off" >/dev/null)

# median of the numbers given as arguments
median() { printf '%s\n' "$@" | sort -g | awk '{a[NR]=$1} END {print (NR%2 ? a[(NR+1)/2] : (a[NR/2]+a[NR/2+1])/2)}'; }
ratio() { awk -v a="$1" -v b="$2" 'BEGIN {printf "%.2f", a/b}'; }

# A Lifeboat config for database $1 in $WORK, with a person allowed to do everything.
write_config() {
  cat > "$WORK/lifeboat.yaml" <<YAML
targets:
  bench: {host: 127.0.0.1, port: $PGPORT, database: $1, user: bench, password_env: PGPASSWORD}
stores:
  local: {type: local, path: $WORK/store}
state: {type: embedded, path: $WORK/state/lifeboat}
people:
  bench: {groups: [all]}
groups:
  all: {may: [backup, verify, restore, drill, approve, cancel]}
runbooks: $REPO/config/runbooks
YAML
}
