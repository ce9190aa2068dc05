#!/usr/bin/env bash
# bench/killtest.sh: SIGKILL the real `followup daemon` while it sends, many times, against the
# real Postfix + Dovecot (scripts/mailstack), then count what reached the recipients.
#
#   bash bench/killtest.sh                    # `followup daemon --once`, 20 messages, 40 kills
#   MODE=daemon bash bench/killtest.sh        # the long-running `followup daemon`
#   MAX_MS=99 bash bench/killtest.sh          # a fixed window: kills at 0..99 ms after start
#
# It builds the binary from this tree, writes a config that sends as me@candidate.test over
# submission (STARTTLS + AUTH, port 10587) with auto_send, a send window of the whole day and a
# daily cap of 1000, files Sent copies over IMAPS, and adds N interviews whose thank-you notes
# (one interviewer each, at a unique address the stack routes to the sink mailbox) are due now.
# Then, KILLS times: start the daemon, SIGKILL it after a random delay of 0..MAX_MS ms
# ($RANDOM), and read `followup outbox --json --all` to see where the kill landed. MAX_MS=auto
# (the default) starts at 80 ms and moves the window after each kill: 15 ms wider after a kill
# that landed before the first message, a quarter narrower after a run that got more than one out,
# so that the
# kills keep landing before, inside and between messages however long start-up takes. Then one
# uninterrupted run (for MODE=daemon: a daemon left running until the outbox is settled, then
# SIGTERM) and two more `daemon --once` passes. Last, over IMAP: the deliveries of each
# Message-ID and of each recipient in the sink mailbox, and the copies in the user's Sent.
#
# Figures (one summary line at the end; the per-kill log is kept in $work/kills.log when KEEP=1):
#   duplicates    recipients that got more than one message (any Message-ID)
#   lost          thank-yous that never reached their recipient and that followup does not hold
#                 for the user's review (sent, queued, dropped... but not delivered)
#   needs-review  rows held for review, split into delivered (the recipient has it) and not
#   sent copies   Sent copies missing for delivered rows marked sent, and Sent copies filed twice
# Exit status 1 when duplicates > 0, lost > 0 or more than MAX_REVIEW_DELIVERED (2) delivered
# messages are held for review; 2 on a setup problem.
set -euo pipefail
N=${N:-20}
KILLS=${KILLS:-40}
MAX_MS=${MAX_MS:-auto}
MODE=${MODE:-once}
MAX_REVIEW_DELIVERED=${MAX_REVIEW_DELIVERED:-2}
PY=${PY:-/usr/bin/python3}
ENV_FILE=${FOLLOWUP_MAIL_ENV:-/tmp/followup-mail/env}
case "$MODE" in once | daemon) ;; *) echo "MODE must be once or daemon" >&2 && exit 2 ;; esac
cd "$(dirname "$0")/.."
top=$PWD
[ -r "$ENV_FILE" ] || { echo "no $ENV_FILE: start the stack with 'bash scripts/mailstack up' (as root)" >&2; exit 2; }
set -a && . "$ENV_FILE" && set +a
bash scripts/mailstack status >/dev/null || { echo "mail stack down: bash scripts/mailstack up" >&2; exit 2; }

work=$(mktemp -d /tmp/killtest.XXXXXX)
pid=""
cleanup() {
	if [ -n "$pid" ]; then kill -KILL "$pid" 2>/dev/null || true; fi
	if [ "${KEEP:-0}" = 1 ]; then echo "kept $work" >&2; else rm -rf "$work"; fi
}
trap cleanup EXIT

go build -o "$work/followup" ./cmd/followup
export HOME="$work" XDG_CONFIG_HOME="$work/config" XDG_DATA_HOME="$work/data"
cfg="$work/config.toml"
cat >"$cfg" <<EOF
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
daily_send_cap = 1000
thank_you_delay = "1m"
EOF
chmod 600 "$cfg"
fu() { "$work/followup" --config "$cfg" "$@"; }

# A token unique to this run: every recipient carries it, so only this run's mail is counted.
token="kt$(date +%s)$RANDOM"
fu sync >/dev/null # the inbox position starts after mail of earlier runs
at=$(date -u -d '-1 hour' '+%Y-%m-%d %H:%M')
for i in $(seq 1 "$N"); do
	fu add --company "Killtest $i $token" --role Engineer --at "$at" --tz UTC --duration 30m \
		--interviewer "Person $i <iv$i.$token@bench.example>" >/dev/null
done

# states prints "sent S sending G queued Q review R other O" from the outbox.
states() {
	fu outbox --json --all | jq -r '
		def n(s): map(select(.state == s)) | length;
		"sent \(n("sent")) sending \(n("sending")) queued \(n("queued")) review \(n("needs-review")) other \(map(select(.state != "sent" and .state != "sending" and .state != "queued" and .state != "needs-review")) | length)"'
}
sending_ids() { fu outbox --json --all | jq -r '[.[] | select(.state == "sending") | .id] | join(",")'; }
field() { awk -v k="$1" '{for (i = 1; i < NF; i++) if ($i == k) print $(i + 1)}'; }

daemon_args=(daemon --log-format json --log-level info)
[ "$MODE" = once ] && daemon_args=(daemon --once --log-format json --log-level info)

echo "mode $MODE: $N thank-yous due, $KILLS SIGKILLs at 0..$MAX_MS ms after start, token $token" >&2
hi=$MAX_MS
[ "$MAX_MS" = auto ] && hi=80
before_any=0 inside=0 between=0 idle=0 exited=0
prev_sent=0
for k in $(seq 1 "$KILLS"); do
	before=$(states)
	was_claimed=$(sending_ids)
	left=$((N - $(echo "$before" | field sent) - $(echo "$before" | field review)))
	ms=$((RANDOM % (hi + 1)))
	"$work/followup" --config "$cfg" "${daemon_args[@]}" >>"$work/daemon.log" 2>&1 &
	pid=$!
	sleep "$(printf '%d.%03d' $((ms / 1000)) $((ms % 1000)))"
	kill -KILL "$pid" 2>/dev/null || true
	status=0
	{ wait "$pid"; } 2>/dev/null || status=$?
	pid=""
	after=$(states)
	sent=$(echo "$after" | field sent)
	claimed=$(sending_ids)
	# Where the kill landed: inside a message (a row left claimed), after some messages (more
	# sent, none claimed), before the first (nothing changed), or on a run with nothing to send.
	if [ "$status" -ne 137 ]; then
		where=exited-first
		exited=$((exited + 1))
	elif [ -n "$claimed" ] && [ "$claimed" != "$was_claimed" ]; then
		where=inside
		inside=$((inside + 1))
	elif [ "$left" -eq 0 ]; then
		where=idle
		idle=$((idle + 1))
	elif [ "$sent" -gt "$prev_sent" ]; then
		where=between
		between=$((between + 1))
	else
		where=before-first
		before_any=$((before_any + 1))
	fi
	printf 'kill %2d at %3d ms (of 0..%d): %-12s exit %3d  %s\n' "$k" "$ms" "$hi" "$where" "$status" "$after" >>"$work/kills.log"
	# MAX_MS=auto: widen the window while kills land before the first message, narrow it while
	# a run gets more than one message out, so that the kills keep landing around the messages.
	if [ "$MAX_MS" = auto ]; then
		if [ "$where" = before-first ]; then
			hi=$((hi + 15 > 2000 ? 2000 : hi + 15))
		elif [ $((sent - prev_sent)) -gt 1 ]; then
			hi=$((hi * 3 / 4 < 20 ? 20 : hi * 3 / 4))
		fi
	fi
	prev_sent=$sent
done

# The uninterrupted finish.
if [ "$MODE" = once ]; then
	fu daemon --once --log-format json --log-level info >>"$work/daemon.log" 2>&1
else
	"$work/followup" --config "$cfg" daemon --log-format json --log-level info >>"$work/daemon.log" 2>&1 &
	pid=$!
	for _ in $(seq 1 120); do # at most 60 s
		s=$(states)
		if [ "$(echo "$s" | field queued)" -eq 0 ] && [ "$(echo "$s" | field sending)" -eq 0 ] &&
			[ "$(echo "$s" | field other)" -eq 0 ]; then
			break
		fi
		sleep 0.5
	done
	sleep 2 # let the pass that settled the rows file its Sent copies
	kill -TERM "$pid"
	term=0
	wait "$pid" || term=$?
	pid=""
	[ "$term" -eq 0 ] || echo "warning: the daemon exited $term after SIGTERM" >&2
fi
for _ in 1 2; do fu daemon --once --log-format json --log-level info >>"$work/daemon.log" 2>&1; done

fu outbox --json --all >"$work/outbox.json"
# Postfix hands a message to Dovecot in about 10 ms; wait until the sink count is steady.
count() { "$PY" bench/mailcount.py FOLLOWUP_E2E_SINK_USER FOLLOWUP_E2E_SINK_PASS INBOX "$token"; }
last=-1
for _ in $(seq 1 20); do
	count >"$work/sink.json"
	n=$(jq .total "$work/sink.json")
	[ "$n" -eq "$last" ] && break
	last=$n
	sleep 1
done
"$PY" bench/mailcount.py FOLLOWUP_E2E_ME_USER FOLLOWUP_E2E_ME_PASS Sent "$token" >"$work/sentbox.json"

echo "kills: $before_any before the first message, $inside inside a message, $between between messages, $idle with nothing left to send, $exited finished before the kill" >&2
[ "${VERBOSE:-0}" = 1 ] && cat "$work/kills.log" >&2
"$PY" - "$work/outbox.json" "$work/sink.json" "$work/sentbox.json" "$N" "$token" "$MAX_REVIEW_DELIVERED" "$MODE" "$KILLS" <<'EOF'
import json, sys
outbox, sink, sentbox = (json.load(open(p)) for p in sys.argv[1:4])
n, token, max_review, mode, kills = int(sys.argv[4]), sys.argv[5], int(sys.argv[6]), sys.argv[7], sys.argv[8]
by_to, by_id, sent_ids = sink["by_to"], sink["by_message_id"], sentbox["by_message_id"]
want = [f"iv{i}.{token}@bench.example".lower() for i in range(1, n + 1)]
rows = {}
for r in outbox:
    rows.setdefault(r["to"].lower(), []).append(r)
dups = sum(1 for a in want if by_to.get(a, 0) > 1)
extra = sum(v for a, v in by_to.items() if a not in want)
lost = review_deliv = review_undeliv = 0
copy_missing = copy_twice = 0
for a in want:
    rs = rows.get(a, [])
    delivered = by_to.get(a, 0) > 0
    held = any(r["state"] == "needs-review" for r in rs)
    if held:
        if delivered: review_deliv += 1
        else: review_undeliv += 1
    elif not delivered:
        lost += 1
    for r in rs:
        c = sent_ids.get(r["message_id"], 0)
        if r["state"] == "sent" and by_id.get(r["message_id"], 0) and c == 0: copy_missing += 1
        if c > 1: copy_twice += 1
states = {}
for r in outbox: states[r["state"]] = states.get(r["state"], 0) + 1
ok = dups == 0 and extra == 0 and lost == 0 and review_deliv <= max_review
print(f"mode {mode}, {n} messages, {kills} kills: duplicates {dups}, lost {lost}, "
      f"needs-review delivered {review_deliv} / undelivered {review_undeliv}, "
      f"delivered {sum(1 for a in want if by_to.get(a, 0))} of {n}, outbox {dict(sorted(states.items()))}, "
      f"sent copies missing {copy_missing} / twice {copy_twice}"
      + (f", UNEXPECTED recipients {extra}" if extra else "")
      + (": OK" if ok else ": TARGET MISSED"))
sys.exit(0 if ok else 1)
EOF
