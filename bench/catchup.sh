#!/usr/bin/env bash
# bench/catchup.sh: the first catch-up of a big mailbox against the real Dovecot of scripts/mailstack,
# side by side with its yardstick, one raw header FETCH over one connection.
#
#   bash bench/catchup.sh                 # 10,000 messages, 5 rounds
#   N=100000 ROUNDS=3 bash bench/catchup.sh
#   OLD_REV=7c92a73 bash bench/catchup.sh   # also time the first sync of a binary built from that commit
#   PROFILE=/tmp/sync.prof bash bench/catchup.sh   # CPU profile of the last round's first sync
#                                                  # (binary built with -tags profile; go tool pprof)
#
# It fills the mailbox "Bench" of me@candidate.test with N messages received over the last day
# (bench/catchup fill, written straight into its Maildir; needs root, like the stack), of which
# RATIO (1 %) come from the domains of COMPANIES interviewers' companies, half from the interviewer
# and half from other addresses there, and the rest are newsletters, notifications, personal mail
# and a few bounces of mail to strangers. It adds the COMPANIES interviews (two days ago) to a fresh
# store and keeps a copy of it. Dovecot is warmed with one untimed raw FETCH. Then, ROUNDS times,
# one after the other:
#   raw     bench/catchup raw: log in over IMAPS, EXAMINE, one
#           UID FETCH 1:* (UID BODY.PEEK[HEADER.FIELDS (...)]) of the fields followup's screen reads,
#           the responses read by go-imap's client
#   raw-tap the same FETCH, the responses read by followup's own reader of a header FETCH
#           (internal/imapwatch/headertap, which the catch-up reads with): the yardstick with
#           nothing of followup's but its reading
#   sync    `followup sync --json` over a fresh copy of the store (a first catch-up: INBOX is not
#           watched, [imap] mailboxes = ["Bench"], plus Sent)
#   old     with OLD_REV: the same first sync with the binary built from that revision
# and last, ROUNDS times, `followup sync` again with nothing new (the idle check).
# Each time is a whole process's wall clock (bash's EPOCHREALTIME), process start included; the peak
# memory of the first catch-up is /usr/bin/time's maximum resident set. It prints min / median of
# each, the median ratios sync / raw and sync / raw-tap, the answers the catch-up recorded against those written, and
# exits 1 when one was missed.
set -euo pipefail
N=${N:-10000}
ROUNDS=${ROUNDS:-5}
COMPANIES=${COMPANIES:-20}
RATIO=${RATIO:-0.01}
ENV_FILE=${FOLLOWUP_MAIL_ENV:-/tmp/followup-mail/env}
cd "$(dirname "$0")/.."
[ -r "$ENV_FILE" ] || { echo "no $ENV_FILE: start the stack with 'bash scripts/mailstack up' (as root)" >&2; exit 2; }
set -a && . "$ENV_FILE" && set +a
bash scripts/mailstack status >/dev/null || { echo "mail stack down: bash scripts/mailstack up" >&2; exit 2; }
[ "$(id -u)" = 0 ] || { echo "run as root: the mailbox is written straight into Dovecot's Maildir" >&2; exit 2; }

work=$(mktemp -d /tmp/catchup.XXXXXX)
maildir=$FOLLOWUP_E2E_STATE/mail/candidate.test/me/Maildir
folder=$maildir/.Bench
cleanup() {
	if [ "${KEEP:-0}" = 1 ]; then echo "kept $work and $folder" >&2; else rm -rf "$work" "$folder"; fi
}
trap cleanup EXIT

if [ -n "${PROFILE:-}" ]; then go build -tags profile -o "$work/followup" ./cmd/followup; else go build -o "$work/followup" ./cmd/followup; fi
go build -o "$work/catchup" ./bench/catchup
if [ -n "${OLD_REV:-}" ]; then
	git worktree add -q --detach "$work/old" "$OLD_REV"
	(cd "$work/old" && go build -o "$work/followup-old" ./cmd/followup)
	git worktree remove --force "$work/old"
fi
owner=$(stat -c %u:%g "$FOLLOWUP_E2E_STATE/mail")
rm -rf "$folder"
# Every folder made here belongs to Dovecot's user, as if Dovecot had made it (the domain's and
# the user's folders too: the other accounts of the domain are created under them later).
for d in "$FOLLOWUP_E2E_STATE/mail/candidate.test" "$FOLLOWUP_E2E_STATE/mail/candidate.test/me" "$maildir" "$folder"; do
	[ -d "$d" ] || install -d -o "${owner%:*}" -g "${owner#*:}" -m 0700 "$d"
done
install -d -o "${owner%:*}" -g "${owner#*:}" -m 0700 "$folder/cur" "$folder/new" "$folder/tmp"
echo "filling Bench with $N messages..." >&2
answers=$("$work/catchup" fill -dir "$folder" -n "$N" -companies "$COMPANIES" -ratio "$RATIO")
chown -R "$owner" "$maildir"

export HOME="$work" XDG_CONFIG_HOME="$work/config" XDG_DATA_HOME="$work/data"
cfg="$work/config.toml"
cat >"$cfg" <<CFG
[me]
name = "Casey Candidate"
email = "$FOLLOWUP_E2E_ME_USER"
timezone = "UTC"

[imap]
host = "$FOLLOWUP_E2E_HOST"
port = $FOLLOWUP_E2E_IMAPS_PORT
security = "tls"
ca_file = "$FOLLOWUP_E2E_CA"
username = "$FOLLOWUP_E2E_ME_USER"
password_env = "FOLLOWUP_E2E_ME_PASS"
mailboxes = ["Bench"]

[store]
path = "$work/store/followup.db"
CFG
fu() { "$work/followup" --config "$cfg" "$@"; }
at=$(date -u -d '2 days ago' '+%Y-%m-%d 10:00')
for i in $(seq 1 "$COMPANIES"); do
	fu add --company "Co$i" --role Engineer --at "$at" --tz UTC --interviewer "Pat $i <p$i@co$i.example>" >/dev/null
done
cp -a "$work/store" "$work/pristine"
"$work/catchup" raw -mailbox Bench >/dev/null # warm Dovecot: index and cache built, files in the page cache

now() { echo "${EPOCHREALTIME/./}"; }
declare -a raws taps syncs idles olds
for r in $(seq 1 "$ROUNDS"); do
	t0=$(now)
	got=$("$work/catchup" raw -mailbox Bench)
	t1=$(now)
	[ "$got" = "$N" ] || { echo "raw FETCH read $got messages, want $N" >&2; exit 1; }
	t0t=$(now)
	got=$("$work/catchup" raw -mailbox Bench -reader tap)
	t1t=$(now)
	[ "$got" = "$N" ] || { echo "raw FETCH (tap) read $got messages, want $N" >&2; exit 1; }
	taps+=($((t1t - t0t)))
	rm -rf "$work/store" && cp -a "$work/pristine" "$work/store"
	t2=$(now)
	prof=""
	if [ -n "${PROFILE:-}" ] && [ "$r" = "$ROUNDS" ]; then prof=$PROFILE; fi
	FOLLOWUP_CPUPROFILE=$prof /usr/bin/time -f %M -o "$work/rss" "$work/followup" --config "$cfg" sync --json >"$work/sync.json"
	t3=$(now)
	raws+=($((t1 - t0))) syncs+=($((t3 - t2)))
	rss=$(cat "$work/rss")
	old=""
	if [ -n "${OLD_REV:-}" ]; then
		rm -rf "$work/store" && cp -a "$work/pristine" "$work/store"
		t4=$(now)
		"$work/followup-old" --config "$cfg" sync --json >"$work/sync-old.json"
		t5=$(now)
		olds+=($((t5 - t4)))
		old=", old sync $(((t5 - t4) / 1000)) ms"
	fi
	echo "round $r: raw $(((t1 - t0) / 1000)) ms, raw-tap $(((t1t - t0t) / 1000)) ms, sync $(((t3 - t2) / 1000)) ms, sync max RSS $((rss / 1024)) MB$old" >&2
done
for r in $(seq 1 "$ROUNDS"); do
	t0=$(now)
	fu sync >/dev/null
	t1=$(now)
	idles+=($((t1 - t0)))
done
found=$(python3 -c 'import json,sys; print(json.load(open(sys.argv[1]))["replies"])' "$work/sync.json")
seen=$(python3 -c 'import json,sys; print(json.load(open(sys.argv[1]))["seen"].get("Bench", 0))' "$work/sync.json")
python3 - "$N" "$answers" "$found" "$seen" "$rss" "${raws[*]}" "${syncs[*]}" "${idles[*]}" "${taps[*]}" "${olds[*]:-}" <<'PY'
import statistics, sys
n, answers, found, seen, rss = (int(x) for x in sys.argv[1:6])
raw, sync, idle, tap, old = ([int(x) / 1e6 for x in a.split()] for a in sys.argv[6:11])
med = statistics.median
ratios = [s / r for s, r in zip(sync, raw)]
tapratios = [s / r for s, r in zip(sync, tap)]
print(f"messages: {n} ({answers} from the interviewers' companies)")
print(f"raw header FETCH: min {min(raw):.3f} s, median {med(raw):.3f} s  (read by go-imap's client)")
print(f"raw-tap FETCH:    min {min(tap):.3f} s, median {med(tap):.3f} s  (read by followup's header reader)")
print(f"first sync:       min {min(sync):.3f} s, median {med(sync):.3f} s  (last run: max RSS {rss / 1024:.1f} MB, {seen} messages seen)")
print(f"ratio sync/raw:   min {min(ratios):.2f}, median {med(ratios):.2f}")
print(f"ratio sync/raw-tap: min {min(tapratios):.2f}, median {med(tapratios):.2f}")
print(f"idle sync:        min {min(idle) * 1000:.0f} ms, median {med(idle) * 1000:.0f} ms")
if old:
    print(f"old first sync:   min {min(old):.3f} s, median {med(old):.3f} s  (ratio old/raw median {med([o / r for o, r in zip(old, raw)]):.2f})")
print(f"answers recorded: {found} of {answers}")
sys.exit(0 if found == answers and seen == n else 1)
PY
