#!/usr/bin/env bash
# bench/throughput.sh: SMTP throughput of followup against Python's smtplib, side by side in one
# run, over one STARTTLS + AUTH connection to the real Postfix of scripts/mailstack (port 10587).
#
#   bash bench/throughput.sh              # 200 messages, 7 rounds
#   N=200 ROUNDS=11 bash bench/throughput.sh
#   OLD_REV=1f48e22 bash bench/throughput.sh   # also time `daemon --once` built from that commit
#
# Each round runs, one after the other, with a fresh token (unique recipients) each time:
#   py      python3 bench/smtpsend.py N TOKEN: smtplib, starttls + login, N x sendmail, quit
#   mailer  bench/smtpsend (Go): followup's mailer.Sender.SendEach over the same connection kind,
#           the same N messages byte for byte, configured from a followup config's [smtp]
#   once    `followup daemon --once` over a store holding N queued thank-yous: the whole send
#           pass (claim, SMTP, record each message in SQLite, file its copy in Sent over IMAPS)
#   once-ss the same with [smtp] saves_sent = true: no Sent copy, SMTP plus the store's work
# The store of `once` is prepared outside the timed part: N+1 interviews due now, one pass with
# daily_send_cap = 1 (one thank-you goes out, N stay queued), copied before every timed run and
# brought up to date with `followup sync` (also untimed).
# With OLD_REV, the two `once` commands are also run with a binary built from that git revision
# (its own prepared store), as once-old and once-ss-old, to compare with the code before a change.
# Every time is a whole process's wall clock (bash's EPOCHREALTIME around the command), process
# start included for every command. It prints each command's min / median seconds and messages
# per second, and the ratio of Python's time to each command's time per round (min / median):
# 1.00 is as fast as smtplib, 0.90 is the issue's floor (90 % of smtplib's throughput).
set -euo pipefail
N=${N:-200}
ROUNDS=${ROUNDS:-7}
PY=${PY:-/usr/bin/python3}
ENV_FILE=${FOLLOWUP_MAIL_ENV:-/tmp/followup-mail/env}
cd "$(dirname "$0")/.."
[ -r "$ENV_FILE" ] || { echo "no $ENV_FILE: start the stack with 'bash scripts/mailstack up' (as root)" >&2; exit 2; }
set -a && . "$ENV_FILE" && set +a
bash scripts/mailstack status >/dev/null || { echo "mail stack down: bash scripts/mailstack up" >&2; exit 2; }

work=$(mktemp -d /tmp/throughput.XXXXXX)
trap 'rm -rf "$work"' EXIT
go build -o "$work/followup" ./cmd/followup
go build -o "$work/smtpsend" ./bench/smtpsend
if [ -n "${OLD_REV:-}" ]; then
	mkdir "$work/old-src"
	git archive "$OLD_REV" | tar -x -C "$work/old-src"
	(cd "$work/old-src" && go build -o "$work/followup-old" ./cmd/followup)
fi
export HOME="$work" XDG_CONFIG_HOME="$work/config" XDG_DATA_HOME="$work/data"

# config FILE CAP SAVES_SENT writes a followup config that sends as the stack's user.
config() {
	cat >"$1" <<EOF
[me]
name = "Casey Candidate"
email = "$FOLLOWUP_E2E_ME_USER"
timezone = "UTC"

[smtp]
host = "$FOLLOWUP_E2E_HOST"
port = $FOLLOWUP_E2E_SUBMISSION_PORT
security = "starttls"
ca_file = "$FOLLOWUP_E2E_CA"
username = "$FOLLOWUP_E2E_ME_USER"
password_env = "FOLLOWUP_E2E_ME_PASS"
saves_sent = $3

[imap]
host = "$FOLLOWUP_E2E_HOST"
port = $FOLLOWUP_E2E_IMAPS_PORT
security = "tls"
ca_file = "$FOLLOWUP_E2E_CA"
username = "$FOLLOWUP_E2E_ME_USER"
password_env = "FOLLOWUP_E2E_ME_PASS"

[calendar]
workdays = ["Mon", "Tue", "Wed", "Thu", "Fri", "Sat", "Sun"]

[policy]
auto_send = true
send_window = "00:00-24:00"
daily_send_cap = $2
thank_you_delay = "1m"
EOF
	chmod 600 "$1"
}
config "$work/queue.toml" 1 false
config "$work/send.toml" 1000 false
config "$work/send-ss.toml" 1000 true

# prepare BIN TEMPLATE: a store with N queued thank-yous, made by BIN, kept in TEMPLATE.
prepare() {
	local bin=$1 qtoken="tq$(date +%s)$RANDOM" at i queued
	fu() { "$bin" --config "$work/queue.toml" "$@"; }
	rm -rf "$work/data"
	fu sync >/dev/null
	at=$(date -u -d '-1 hour' '+%Y-%m-%d %H:%M')
	for i in $(seq 1 $((N + 1))); do
		fu add --company "Throughput $i $qtoken" --role Engineer --at "$at" --tz UTC --duration 30m \
			--interviewer "Person $i <tq$i.$qtoken@bench.example>" >/dev/null
	done
	fu daemon --once --log-level warn >"$work/prepare.log" 2>&1 || { echo "preparing the store failed:" >&2; tail -5 "$work/prepare.log" >&2; exit 1; }
	queued=$(fu outbox --json | jq '[.[] | select(.state == "queued")] | length')
	[ "$queued" -eq "$N" ] || { echo "the prepared store holds $queued queued messages, want $N" >&2; exit 1; }
	cp -a "$work/data" "$2"
}
echo "preparing a store with $N queued thank-yous..." >&2
prepare "$work/followup" "$work/template"
[ -n "${OLD_REV:-}" ] && prepare "$work/followup-old" "$work/template-old"

# timed NAME CMD...: runs CMD, appends its wall-clock seconds to $work/NAME.times.
timed() {
	local name=$1 t0 t1
	shift
	t0=$EPOCHREALTIME
	"$@" >>"$work/$name.log" 2>&1 || { echo "$name failed:" >&2; tail -5 "$work/$name.log" >&2; exit 1; }
	t1=$EPOCHREALTIME
	echo "$t0 $t1" | awk '{printf "%.4f\n", $2 - $1}' >>"$work/$name.times"
}
# once NAME CONFIG [BIN TEMPLATE]: times one `daemon --once` over a fresh copy of the store.
once() {
	local bin=${3:-$work/followup} tmpl=${4:-$work/template}
	rm -rf "$work/data" && cp -a "$tmpl" "$work/data"
	# Bring the copy's mailbox positions up to now, untimed: otherwise the pass reads, before it
	# sends, every message that reached INBOX and Sent since the store was prepared (the Sent
	# copies of the earlier rounds among them), which a daemon that runs does not.
	"$bin" --config "$2" sync >/dev/null
	timed "$1" "$bin" --config "$2" daemon --once --log-level warn
	sent=$("$bin" --config "$2" outbox --json --all | jq '[.[] | select(.state == "sent")] | length')
	[ "$sent" -eq $((N + 1)) ] || { echo "$1: $sent sent, want $((N + 1))" >&2; exit 1; }
}

echo "load before: $(cut -d' ' -f1-3 /proc/loadavg)" >&2
for r in $(seq 0 "$ROUNDS"); do # round 0 warms up and is not counted
	tok="tp$(date +%s)$RANDOM"
	timed py "$PY" bench/smtpsend.py "$N" "${tok}p"
	timed mailer "$work/smtpsend" -config "$work/send.toml" -n "$N" -token "${tok}g"
	once once "$work/send.toml"
	once once-ss "$work/send-ss.toml"
	if [ -n "${OLD_REV:-}" ]; then
		once once-old "$work/send.toml" "$work/followup-old" "$work/template-old"
		once once-ss-old "$work/send-ss.toml" "$work/followup-old" "$work/template-old"
	fi
	if [ "$r" -eq 0 ]; then rm -f "$work"/*.times; fi
done
echo "load after: $(cut -d' ' -f1-3 /proc/loadavg)" >&2

stats() { sort -n | awk '{a[NR] = $1} END {m = (NR % 2) ? a[(NR + 1) / 2] : (a[NR / 2] + a[NR / 2 + 1]) / 2; printf "%.3f %.3f\n", a[1], m}'; }
printf '%-11s %9s %9s %11s %15s\n' command "min s" "median s" "msg/s (med)" "py/cmd min/med"
names=(py mailer once once-ss)
[ -n "${OLD_REV:-}" ] && names+=(once-old once-ss-old)
for name in "${names[@]}"; do
	read -r mn md < <(stats <"$work/$name.times")
	read -r rmin rmed < <(paste "$work/py.times" "$work/$name.times" | awk '{print $1 / $2}' | stats)
	printf '%-11s %9s %9s %11.0f %9s / %s\n' "$name" "$mn" "$md" "$(echo "$N $md" | awk '{print $1 / $2}')" "$rmin" "$rmed"
done
echo "($ROUNDS rounds of $N messages each, after one warm-up round; ratio = smtplib's time / the command's time in the same round)"
