#!/usr/bin/env bash
# bench/teamidle.sh: DAEMONS `followup daemon --all-accounts` on one PostgreSQL store of N accounts
# with nothing due and no mail servers: what they and PostgreSQL cost at rest.
#
#   bash scripts/pgstack up
#   bash bench/teamidle.sh                     # N=2000 accounts, DAEMONS=3, 30 s settle, 10 s measured
#   N=500 DAEMONS=1 bash bench/teamidle.sh
#   BIN=/path/to/other/followup bash bench/teamidle.sh   # another build, for a comparison
#
# CPU is utime+stime ticks from /proc/PID/stat over SECS: each daemon's, and all of PostgreSQL's
# processes together (the cluster's postmaster and its children); RSS is VmRSS at the end.
set -euo pipefail
N=${N:-2000}
DAEMONS=${DAEMONS:-3}
SETTLE=${SETTLE:-30}
SECS=${SECS:-10}
PG_ENV=${FOLLOWUP_PG_ENV:-/tmp/followup-pg/env}
cd "$(dirname "$0")/.."
[ -r "$PG_ENV" ] || { echo "no $PG_ENV: bash scripts/pgstack up" >&2; exit 2; }
set -a && . "$PG_ENV" && set +a
psql=$(ls /usr/lib/postgresql/*/bin/psql | head -1)
work=$(mktemp -d /tmp/teamidle.XXXXXX)
pids=()
cleanup() {
	for p in "${pids[@]}"; do kill -KILL "$p" 2>/dev/null || true; done
	rm -rf "$work"
}
trap cleanup EXIT
bin=${BIN:-}
if [ -z "$bin" ]; then
	go build -o "$work/followup" ./cmd/followup
	bin=$work/followup
fi
export HOME="$work" XDG_CONFIG_HOME="$work/config" XDG_DATA_HOME="$work/data"
schema="teamidle_$(date +%s)$RANDOM"
"$psql" -qX "$FOLLOWUP_TEST_PG_DSN" -c "CREATE SCHEMA $schema" >/dev/null
{
	printf '[me]\nname = "Casey Coach"\ntimezone = "UTC"\n\n[store]\ndriver = "postgres"\ndsn = "%s"\n' \
		"$FOLLOWUP_TEST_PG_DSN&search_path=$schema"
	for i in $(seq 1 "$N"); do
		printf '\n[[account]]\nname = "a%d"\n[account.me]\nemail = "a%d@example.org"\n' "$i" "$i"
	done
} >"$work/config.toml"
for d in $(seq 1 "$DAEMONS"); do
	"$bin" --config "$work/config.toml" daemon --all-accounts --log-level warn 2>>"$work/daemon$d.log" &
	pids+=($!)
done
sleep "$SETTLE"
postmaster=$(head -1 "${FOLLOWUP_PG_STATE:-/tmp/followup-pg}/data/postmaster.pid" 2>/dev/null || true)
pgpids() { [ -n "$postmaster" ] && { echo "$postmaster"; pgrep -P "$postmaster"; } || true; }
ticks() { local t=0 p; for p in "$@"; do t=$((t + $(awk '{print $14 + $15}' "/proc/$p/stat" 2>/dev/null || echo 0))); done; echo "$t"; }
declare -A d0
for p in "${pids[@]}"; do d0[$p]=$(ticks "$p"); done
pg0=$(ticks $(pgpids))
sleep "$SECS"
pg1=$(ticks $(pgpids))
hz=$(getconf CLK_TCK)
held=$(PGOPTIONS="-c search_path=$schema" "$psql" -qAtX "$FOLLOWUP_TEST_PG_DSN" -c "SELECT count(*) FROM meta WHERE key LIKE 'daemon_lease@%'")
line="$N accounts, $DAEMONS daemons, $held leases held:"
for p in "${pids[@]}"; do
	t=$(( $(ticks "$p") - ${d0[$p]} ))
	line+=$(awk -v t="$t" -v hz="$hz" -v s="$SECS" -v rss="$(awk '/^VmRSS/ {print $2}' "/proc/$p/status")" \
		'BEGIN { printf " daemon %.2f cores %.0f MB;", t / hz / s, rss / 1024 }')
done
line+=$(awk -v t="$((pg1 - pg0))" -v hz="$hz" -v s="$SECS" 'BEGIN { printf " PostgreSQL %.2f cores", t / hz / s }')
echo "$line"
