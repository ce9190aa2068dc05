#!/usr/bin/env bash
# bench/watchmany.sh: one `followup daemon --all-accounts` on PostgreSQL watching N real mailboxes
# at once (one IMAPS connection with IDLE each, on the Dovecot of scripts/mailstack): its resident
# memory and CPU at rest once every mailbox is watched, then the time until a message delivered to
# every mailbox at once is recorded in every account.
#
#   FOLLOWUP_MAIL_USERS=500 bash scripts/mailstack up && bash scripts/pgstack up
#   bash bench/watchmany.sh                  # N=500, 10 s measured at rest
#   N=100 SECS=20 bash bench/watchmany.sh
#
# Each account N has one interview with an interviewer at its own address and nothing due (the
# thank-you a month away), and watches userNNNN@candidate.test's INBOX. "Watched" is counted as
# the daemon's established connections to the IMAPS port (ss), and is waited for up to 120 s.
# RSS is VmRSS / VmHWM from /proc/PID/status; CPU is utime+stime ticks from /proc/PID/stat over
# SECS. Then one answer from each account's interviewer is delivered to each mailbox over one
# SMTP connection, and the script waits until the store holds all N (at most 120 s).
set -euo pipefail
N=${N:-500}
SECS=${SECS:-10}
SETTLE=${SETTLE:-3}
PY=${PY:-/usr/bin/python3}
MAIL_ENV=${FOLLOWUP_MAIL_ENV:-/tmp/followup-mail/env}
PG_ENV=${FOLLOWUP_PG_ENV:-/tmp/followup-pg/env}
cd "$(dirname "$0")/.."
[ -r "$MAIL_ENV" ] || { echo "no $MAIL_ENV: FOLLOWUP_MAIL_USERS=$N bash scripts/mailstack up (as root)" >&2; exit 2; }
[ -r "$PG_ENV" ] || { echo "no $PG_ENV: bash scripts/pgstack up" >&2; exit 2; }
set -a && . "$MAIL_ENV" && . "$PG_ENV" && set +a
[ "${FOLLOWUP_E2E_USERS:-0}" -ge "$N" ] || { echo "the mail stack has ${FOLLOWUP_E2E_USERS:-0} benchmark mailboxes, not $N: FOLLOWUP_MAIL_USERS=$N bash scripts/mailstack up" >&2; exit 2; }
psql=$(ls /usr/lib/postgresql/*/bin/psql | head -1)

# The benchmark mailboxes start empty: an answer left by an earlier run comes from the same
# domain as this run's interviewers, and would count as an answer here.
if [ "${FOLLOWUP_E2E_USERS:-0}" -gt 0 ]; then
	doveadm -c "$FOLLOWUP_E2E_STATE/dovecot/dovecot.conf" expunge -u 'user*@candidate.test' mailbox INBOX all
fi
work=$(mktemp -d /tmp/watchmany.XXXXXX)
pid=""
cleanup() {
	[ -n "$pid" ] && kill -KILL "$pid" 2>/dev/null || true
	rm -rf "$work"
}
trap cleanup EXIT
go build ${TAGS:+-tags "$TAGS"} -o "$work/followup" ./cmd/followup
export HOME="$work" XDG_CONFIG_HOME="$work/config" XDG_DATA_HOME="$work/data"
token="wm$(date +%s)$RANDOM"
schema="watchmany_$token"
"$psql" -qX "$FOLLOWUP_TEST_PG_DSN" -c "CREATE SCHEMA $schema" >/dev/null
dsn="$FOLLOWUP_TEST_PG_DSN&search_path=$schema"
q() { PGOPTIONS="-c search_path=$schema" "$psql" -qAtX "$FOLLOWUP_TEST_PG_DSN" -c "$1"; }
cfg="$work/config.toml"
{
	printf '[me]\nname = "Casey Coach"\ntimezone = "UTC"\n\n[store]\ndriver = "postgres"\ndsn = "%s"\n' "$dsn"
	for i in $(seq 1 "$N"); do
		printf -v u 'user%04d' "$i"
		export "WATCHMANY_PASS_$i=$u-test-pass"
		cat <<EOF

[[account]]
name = "a$i"
[account.me]
email = "$u@candidate.test"
[account.imap]
host = "$FOLLOWUP_E2E_HOST"
port = $FOLLOWUP_E2E_IMAPS_PORT
security = "tls"
ca_file = "$FOLLOWUP_E2E_CA"
username = "$u@candidate.test"
password_env = "WATCHMANY_PASS_$i"
mailboxes = ["INBOX"]
EOF
	done
} >"$cfg"
chmod 600 "$cfg"
at=$(date -u -d '-1 hour' '+%Y-%m-%d %H:%M')
echo "adding $N interviews" >&2
for i in $(seq 1 "$N"); do
	"$work/followup" --config "$cfg" add --account "a$i" --company "Watch $i $token" --role Engineer --at "$at" --tz UTC \
		--duration 30m --interviewer "One $i <one$i.$token@bench.example>" >/dev/null &
	if [ $((i % 8)) = 0 ]; then wait; fi
done
wait
started=$(date +%s.%N)
"$work/followup" --config "$cfg" daemon --all-accounts --log-level warn 2>"$work/daemon.log" &
pid=$!
conns() { ss -tnpH state established "( dport = :$FOLLOWUP_E2E_IMAPS_PORT )" 2>/dev/null | grep -c "pid=$pid," || true; }
watched=0
for _ in $(seq 1 240); do
	watched=$(conns)
	[ "$watched" -ge "$N" ] && break
	sleep 0.5
done
all_at=$(date +%s.%N)
[ "$watched" -ge "$N" ] || echo "warning: only $watched of $N mailboxes watched after 120 s" >&2
sleep "$SETTLE" # the catch-ups' last writes
ticks() { awk '{print $14 + $15}' "/proc/$pid/stat"; }
t0=$(ticks)
sleep "$SECS"
t1=$(ticks)
rss=$(awk '/^VmRSS/ {print $2}' "/proc/$pid/status")
hwm=$(awk '/^VmHWM/ {print $2}' "/proc/$pid/status")
hz=$(getconf CLK_TCK)

sent=$(date +%s.%N)
"$PY" - "$FOLLOWUP_E2E_HOST" "$FOLLOWUP_E2E_SMTP_PORT" "$token" "$N" <<'PY'
import email.utils, smtplib, sys
host, port, token, n = sys.argv[1], int(sys.argv[2]), sys.argv[3], int(sys.argv[4])
with smtplib.SMTP(host, port) as s:
    for i in range(1, n + 1):
        frm, to = f"one{i}.{token}@bench.example", f"user{i:04d}@candidate.test"
        msg = (f"From: One {i} <{frm}>\r\nTo: <{to}>\r\nSubject: Re: Thank you\r\n"
               f"Message-ID: <answer-{i}.{token}@bench.example>\r\nDate: {email.utils.formatdate()}\r\n\r\n"
               "Thanks for your note, we will be in touch next week.\r\n")
        s.sendmail(frm, [to], msg)
PY
found=0
for _ in $(seq 1 1200); do
	found=$(q "SELECT count(DISTINCT message_id) FROM replies WHERE message_id LIKE 'answer-%.$token@bench.example'")
	[ "$found" -ge "$N" ] && break
	sleep 0.1
done
done_at=$(date +%s.%N)
kill -TERM "$pid"
code=0
wait "$pid" || code=$?
pid=""
awk -v n="$N" -v w="$watched" -v st="$started" -v aa="$all_at" -v rss="$rss" -v hwm="$hwm" -v t0="$t0" -v t1="$t1" \
	-v hz="$hz" -v secs="$SECS" -v sent="$sent" -v da="$done_at" -v found="$found" -v code="$code" 'BEGIN {
	printf "%d mailboxes: %d watched %.1f s after start; at rest VmRSS %.1f MB, VmHWM %.1f MB, CPU %.3f s in %d s (%.1f%% of a core); ", \
		n, w, aa - st, rss / 1024, hwm / 1024, (t1 - t0) / hz, secs, 100 * (t1 - t0) / hz / secs
	printf "%d of %d answers delivered at once recorded in %.1f s; exit after SIGTERM %d\n", found, n, da - sent, code
}'
[ "$watched" -ge "$N" ] && [ "$found" -ge "$N" ] && [ "$code" = 0 ]
