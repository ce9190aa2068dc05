#!/usr/bin/env bash
# bench/teamkill.sh: several `followup daemon --all-accounts` on one PostgreSQL store, one of them
# SIGKILLed every few seconds and started again, against the real Postfix + Dovecot of
# scripts/mailstack and the throwaway PostgreSQL of scripts/pgstack; then count what reached
# the recipients.
#
#   bash bench/teamkill.sh                            # 200 accounts × 2 messages, 3 daemons, 120 s
#   ACCOUNTS=50 DAEMONS=2 DURATION=60 bash bench/teamkill.sh
#
# It builds the binary from this tree, makes a fresh schema in the cluster, writes a config with
# ACCOUNTS [[account]] sections (each its own address and [account.smtp]: Postfix on loopback,
# port 10025, auto_send, a whole-day window) and adds to each account one interview an hour ago
# with two interviewers, whose thank-you notes are due at once (2 × ACCOUNTS messages, each to an
# address of its own that the stack routes to the sink mailbox). It starts DAEMONS daemons; every
# 2..6 s (bash $RANDOM) it SIGKILLs one of them at random and starts it again, for DURATION
# seconds. Then the daemons run on, untouched, until the outbox is settled (at most 120 s, the
# takeover of a dead daemon's accounts waits for their 30 s lease), and are stopped with SIGTERM.
# Last, over IMAP, the deliveries of each recipient in the sink mailbox.
#
# Figures (one line at the end):
#   duplicates    recipients that got more than one message
#   lost          thank-yous that never reached their recipient and that followup does not hold
#                 for review (one an answer cancelled before it went out is not lost: the answer
#                 stops the follow-ups, as it should)
#   needs-review  rows held for review (a kill landed while they were being sent), delivered or not
#   holders       accounts run by two daemons at once, as seen in the daemons' logs: an account's
#                 "daemon started" by one daemon while another's was still running it
#   answers       every account watches a real mailbox of its own over IMAPS with IDLE (the stack's
#                 userNNNN mailboxes: `FOLLOWUP_MAIL_USERS=200 bash scripts/mailstack up`; with fewer
#                 of them only the first three accounts watch one: the stack's me, jane and sam):
#                 twice during the kills an interviewer's answer is delivered to each; each must be
#                 recorded once, and in that account only
# Exit status 1 when duplicates, lost or holders is not 0, an answer is missed, recorded twice or
# recorded in another account, or more than 5 % of the thank-yous went unsent because an answer
# came first (they are due at once, the answers come a third of the way in); 2 on a setup problem.
set -euo pipefail
ACCOUNTS=${ACCOUNTS:-200}
DAEMONS=${DAEMONS:-3}
DURATION=${DURATION:-120}
PY=${PY:-/usr/bin/python3}
MAIL_ENV=${FOLLOWUP_MAIL_ENV:-/tmp/followup-mail/env}
PG_ENV=${FOLLOWUP_PG_ENV:-/tmp/followup-pg/env}
cd "$(dirname "$0")/.."
[ -r "$MAIL_ENV" ] || { echo "no $MAIL_ENV: bash scripts/mailstack up (as root)" >&2; exit 2; }
[ -r "$PG_ENV" ] || { echo "no $PG_ENV: bash scripts/pgstack up" >&2; exit 2; }
set -a && . "$MAIL_ENV" && . "$PG_ENV" && set +a
bash scripts/mailstack status >/dev/null || { echo "mail stack down: bash scripts/mailstack up" >&2; exit 2; }
bash scripts/pgstack status >/dev/null || { echo "PostgreSQL down: bash scripts/pgstack up" >&2; exit 2; }
psql=$(ls /usr/lib/postgresql/*/bin/psql | head -1)

# The first accounts watch a real mailbox each (the stack's users): an answer to each is delivered
# twice during the kills and must be recorded once per message, in that account alone.
INBOXES=("$FOLLOWUP_E2E_ME_USER:FOLLOWUP_E2E_ME_PASS" "$FOLLOWUP_E2E_JANE_USER:FOLLOWUP_E2E_JANE_PASS" "$FOLLOWUP_E2E_SAM_USER:FOLLOWUP_E2E_SAM_PASS")
[ "$ACCOUNTS" -lt 3 ] && INBOXES=("${INBOXES[@]:0:$ACCOUNTS}")
if [ "${FOLLOWUP_E2E_USERS:-0}" -ge "$ACCOUNTS" ]; then # a mailbox for every account
	INBOXES=()
	for i in $(seq 1 "$ACCOUNTS"); do
		printf -v u 'user%04d' "$i"
		export "TEAMKILL_PASS_$i=$u-test-pass"
		INBOXES+=("$u@candidate.test:TEAMKILL_PASS_$i")
	done
fi
echo "${#INBOXES[@]} of $ACCOUNTS accounts watch a mailbox" >&2

# The benchmark mailboxes start empty: an answer left by an earlier run comes from the same
# domain as this run's interviewers, and would count as an answer here.
if [ "${FOLLOWUP_E2E_USERS:-0}" -gt 0 ]; then
	doveadm -c "$FOLLOWUP_E2E_STATE/dovecot/dovecot.conf" expunge -u 'user*@candidate.test' mailbox INBOX all
fi
work=$(mktemp -d /tmp/teamkill.XXXXXX)
pids=()
cleanup() {
	for p in "${pids[@]}"; do kill -KILL "$p" 2>/dev/null || true; done
	if [ "${KEEP:-0}" = 1 ]; then echo "kept $work" >&2; else rm -rf "$work"; fi
}
trap cleanup EXIT

go build -o "$work/followup" ./cmd/followup
export HOME="$work" XDG_CONFIG_HOME="$work/config" XDG_DATA_HOME="$work/data"
token="tk$(date +%s)$RANDOM"
schema="teamkill_$token"
"$psql" -qX "$FOLLOWUP_TEST_PG_DSN" -c "CREATE SCHEMA $schema" >/dev/null
dsn="$FOLLOWUP_TEST_PG_DSN&search_path=$schema"
cfg="$work/config.toml"
{
	cat <<EOF
[me]
name = "Casey Coach"
timezone = "UTC"

[store]
driver = "postgres"
dsn = "$dsn"

[calendar]
workdays = ["Mon", "Tue", "Wed", "Thu", "Fri", "Sat", "Sun"]

[policy]
auto_send = true
send_window = "00:00-24:00"
daily_send_cap = 1000
thank_you_delay = "1m"
EOF
	for i in $(seq 1 "$ACCOUNTS"); do
		addr="a$i.$token@candidate.test"
		[ "$i" -le "${#INBOXES[@]}" ] && addr=${INBOXES[$((i - 1))]%%:*}
		cat <<EOF

[[account]]
name = "a$i"
[account.me]
email = "$addr"
[account.smtp]
host = "$FOLLOWUP_E2E_HOST"
port = $FOLLOWUP_E2E_SMTP_PORT
security = "none"
EOF
		if [ "$i" -le "${#INBOXES[@]}" ]; then
			cat <<EOF
[account.imap]
host = "$FOLLOWUP_E2E_HOST"
port = $FOLLOWUP_E2E_IMAPS_PORT
security = "tls"
ca_file = "$FOLLOWUP_E2E_CA"
username = "$addr"
password_env = "${INBOXES[$((i - 1))]#*:}"
mailboxes = ["INBOX"]
EOF
		fi
	done
} >"$cfg"
chmod 600 "$cfg"
fu() { "$work/followup" --config "$cfg" "$@"; }
q() { PGOPTIONS="-c search_path=$schema" "$psql" -qAtX "$FOLLOWUP_TEST_PG_DSN" -c "$1"; }

at=$(date -u -d '-1 hour' '+%Y-%m-%d %H:%M')
echo "adding $ACCOUNTS interviews (2 thank-yous each), token $token" >&2
for i in $(seq 1 "$ACCOUNTS"); do
	fu add --account "a$i" --company "Teamkill $i $token" --role Engineer --at "$at" --tz UTC --duration 30m \
		--interviewer "One $i <one$i.$token@bench.example>" --interviewer "Two $i <two$i.$token@bench.example>" >/dev/null &
	if [ $((i % 8)) = 0 ]; then wait; fi
done
wait
want=$((ACCOUNTS * 2))

start_daemon() { # slot
	"$work/followup" --config "$cfg" daemon --all-accounts --log-format json --log-level info >>"$work/daemon$1.log" 2>&1 &
	pids[$1]=$!
}
for d in $(seq 0 $((DAEMONS - 1))); do start_daemon "$d"; done
echo "$DAEMONS daemons on $ACCOUNTS accounts; a SIGKILL every 2..6 s for $DURATION s" >&2
# replies K: the interviewers' K-th answers, one to each watched account's mailbox, each with a
# Message-ID of its own, over one SMTP connection.
replies() {
	local i args=()
	for i in $(seq 1 "${#INBOXES[@]}"); do args+=("$i" "${INBOXES[$((i - 1))]%%:*}"); done
	"$PY" - "$FOLLOWUP_E2E_HOST" "$FOLLOWUP_E2E_SMTP_PORT" "$token" "$1" "${args[@]}" <<'PY'
import email.utils, smtplib, sys
host, port, token, k = sys.argv[1:5]
rest = sys.argv[5:]
with smtplib.SMTP(host, int(port)) as s:
    for n, to in zip(rest[::2], rest[1::2]):
        frm, mid = f"one{n}.{token}@bench.example", f"reply-{n}-{k}.{token}@bench.example"
        msg = (f"From: One {n} <{frm}>\r\nTo: <{to}>\r\nSubject: Re: Thank you\r\nMessage-ID: <{mid}>\r\n"
               f"Date: {email.utils.formatdate()}\r\n\r\nThanks for your note, we will be in touch next week.\r\n")
        s.sendmail(frm, [to], msg)
PY
}
replies_sent=0
kills=0
end=$((SECONDS + DURATION))
next_reply=$((SECONDS + DURATION / 3))
while [ "$SECONDS" -lt "$end" ]; do
	if [ "$SECONDS" -ge "$next_reply" ] && [ "$replies_sent" -lt $((2 * ${#INBOXES[@]})) ]; then
		replies $((replies_sent / ${#INBOXES[@]} + 1))
		replies_sent=$((replies_sent + ${#INBOXES[@]}))
		next_reply=$((SECONDS + DURATION / 3))
	fi
	sleep $((2 + RANDOM % 5))
	d=$((RANDOM % DAEMONS))
	kill -KILL "${pids[$d]}" 2>/dev/null || true
	wait "${pids[$d]}" 2>/dev/null || true
	echo "$(date +%s.%N) kill daemon $d (pid ${pids[$d]}): $(q "SELECT string_agg(state || ' ' || n, ', ') FROM (SELECT state, count(*) n FROM outbox GROUP BY state ORDER BY state) s")" >>"$work/kills.log"
	kills=$((kills + 1))
	start_daemon "$d"
done
echo "$kills kills; waiting for the outbox to settle" >&2
settled=0
for _ in $(seq 1 240); do # at most 120 s
	open=$(q "SELECT count(*) FROM outbox WHERE state IN ('queued', 'sending', 'deferred', 'unknown')")
	pending=$(q "SELECT count(*) FROM actions WHERE state = 'pending' AND kind = 'thank-you'")
	rows=$(q "SELECT count(*) FROM outbox")
	found=$(q "SELECT count(*) FROM replies WHERE message_id LIKE 'reply-%.$token@bench.example'")
	if [ "$open" = 0 ] && [ "$pending" = 0 ] && [ "$rows" -gt 0 ] && [ "$found" -ge "$replies_sent" ]; then
		settled=1
		break
	fi
	sleep 0.5
done
[ "$settled" = 1 ] || echo "warning: the outbox did not settle within 120 s" >&2
for p in "${pids[@]}"; do kill -TERM "$p" 2>/dev/null || true; done
for p in "${pids[@]}"; do wait "$p" 2>/dev/null || true; done
pids=()

q "SELECT o.recipient, o.state FROM outbox o WHERE o.purpose = 'follow-up'" >"$work/outbox.txt"
# Thank-yous an answer cancelled before they went out (the watched accounts') are not lost.
q "SELECT recipients, state FROM actions WHERE kind = 'thank-you'" >"$work/actions.txt"
# Answers: each reply recorded once, in the account whose mailbox it reached.
q "SELECT i.account, r.message_id FROM replies r JOIN interviews i ON i.id = r.interview_id
	WHERE r.message_id LIKE 'reply-%.$token@bench.example'" >"$work/replies.txt"
count() { "$PY" bench/mailcount.py FOLLOWUP_E2E_SINK_USER FOLLOWUP_E2E_SINK_PASS INBOX "$token"; }
last=-1
for _ in $(seq 1 30); do
	count >"$work/sink.json"
	n=$(jq .total "$work/sink.json")
	[ "$n" -eq "$last" ] && break
	last=$n
	sleep 1
done
cat "$work"/daemon*.log >"$work/all.log"
"$PY" - "$work/outbox.txt" "$work/sink.json" "$work/all.log" "$ACCOUNTS" "$token" "$DAEMONS" "$kills" "$work/replies.txt" "$replies_sent" <<'EOF'
import json, sys
outbox_txt, sink_path, log_path = sys.argv[1:4]
accounts, token, daemons, kills = int(sys.argv[4]), sys.argv[5], sys.argv[6], sys.argv[7]
replies_txt, replies_sent = sys.argv[8], int(sys.argv[9])
cancelled = set()
for line in open(outbox_txt.replace("outbox.txt", "actions.txt")):
    recips, state = line.rstrip("\n").rsplit("|", 1)
    if state == "cancelled":
        cancelled.update(a.lower() for a in json.loads(recips))
recorded = [l.rstrip("\n").split("|") for l in open(replies_txt) if l.strip()]
misplaced = sum(1 for acct, mid in recorded if not mid.startswith(f"reply-{acct[1:]}-"))
ids = [mid for _, mid in recorded]
answers_twice = len(ids) - len(set(ids))
answers_missed = replies_sent - len(set(ids))
by_to = json.load(open(sink_path))["by_to"]
want = [f"{w}{i}.{token}@bench.example" for i in range(1, accounts + 1) for w in ("one", "two")]
rows = {}
for line in open(outbox_txt):
    to, state = line.rstrip("\n").split("|")
    rows.setdefault(to.lower(), []).append(state)
dups = sum(1 for a in want if by_to.get(a, 0) > 1)
lost = rd = ru = 0
for a in want:
    held = "needs-review" in rows.get(a, [])
    delivered = by_to.get(a, 0) > 0
    if held:
        if delivered: rd += 1
        else: ru += 1
    elif not delivered and a not in cancelled:
        lost += 1
# Holders: each pid's runs of each account, from its "daemon started" to its "daemon stopped" for
# that account or the SIGKILL of the pid (kills.log); two runs of one account by different pids
# that overlap in time are two daemons holding it at once.
from datetime import datetime
def ts(t): return datetime.fromisoformat(t.replace("Z", "+00:00")).timestamp()
killed = {}
for line in open(log_path.replace("all.log", "kills.log")):
    parts = line.split()
    killed[int(parts[5].rstrip("):"))] = float(parts[0])
runs = {}  # (account, pid) -> list of [start, end]
for line in open(log_path):
    try: e = json.loads(line)
    except ValueError: continue
    acct, pid = e.get("account"), e.get("pid")
    if acct is None: continue
    if e.get("msg") == "daemon started":
        runs.setdefault((acct, pid), []).append([ts(e["time"]), None])
    elif e.get("msg") == "daemon stopped":
        for key, rs in runs.items():
            if key[0] == acct and rs and rs[-1][1] is None and key[1] == pid:
                rs[-1][1] = ts(e["time"])
by_acct = {}
for (acct, pid), rs in runs.items():
    for r in rs:
        end = r[1] if r[1] is not None else killed.get(pid, float("inf"))
        by_acct.setdefault(acct, []).append((r[0], end, pid))
twice = 0
for acct, rs in by_acct.items():
    rs.sort()
    for (s1, e1, p1), (s2, e2, p2) in zip(rs, rs[1:]):
        if p1 != p2 and s2 < e1:
            twice += 1
delivered = sum(1 for a in want if by_to.get(a, 0))
states = {}
for rs in rows.values():
    for s in rs: states[s] = states.get(s, 0) + 1
unsent = sum(1 for a in want if a in cancelled and not by_to.get(a, 0))
# The thank-yous are due at once at the start and the first answers come a third of the way in:
# more than a few cancelled by an answer means the daemons did not send.
ok = (dups == 0 and lost == 0 and twice == 0 and misplaced == 0 and answers_twice == 0 and answers_missed == 0
      and unsent <= len(want) // 20)
print(f"{accounts} accounts, {len(want)} messages, {daemons} daemons, {kills} kills: duplicates {dups}, lost {lost}, "
      f"not sent because an answer came first {unsent}, "
      f"needs-review delivered {rd} / undelivered {ru}, delivered {delivered} of {len(want)}, "
      f"outbox {dict(sorted(states.items()))}, accounts run by two daemons at once {twice}; "
      f"answers to the watched mailboxes: {replies_sent} delivered, {len(set(ids))} recorded, "
      f"{answers_twice} twice, {misplaced} in another account"
      + (": OK" if ok else ": TARGET MISSED"))
sys.exit(0 if ok else 1)
EOF
