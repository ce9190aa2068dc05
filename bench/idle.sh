#!/usr/bin/env bash
# bench/idle.sh: idle CPU time and resident memory of the real `followup daemon`
# over a store with N interviews and no due work (all interviews in the future).
#
#   bash bench/idle.sh            # N=1000 interviews, 20 s measured
#   N=200 SECS=10 bash bench/idle.sh
#
# CPU is utime+stime from /proc/PID/stat (clock ticks) over the measured
# window; memory is VmRSS and VmHWM from /proc/PID/status at its end. Linux only.
set -euo pipefail
N=${N:-1000}
SECS=${SECS:-20}
cd "$(dirname "$0")/.."
work=$(mktemp -d)
pid=""
cleanup() {
	if [ -n "$pid" ]; then kill "$pid" 2>/dev/null || true; fi
	rm -rf "$work"
}
trap cleanup EXIT

go build -o "$work/followup" ./cmd/followup
export HOME="$work" XDG_CONFIG_HOME="$work/config" XDG_DATA_HOME="$work/data"
cfg="$work/config.toml"
printf '[me]\nname = "Bench"\nemail = "bench@example.org"\ntimezone = "UTC"\n' >"$cfg"

echo "preparing $N interviews..." >&2
for i in $(seq 1 "$N"); do
	at=$(date -u -d "+$((i % 300 + 30)) days" '+%Y-%m-%d 10:00')
	"$work/followup" --config "$cfg" add --company "Co$i" --role Engineer --at "$at" --tz UTC \
		--interviewer "P$i <p$i@co$i.example>" >/dev/null
done

"$work/followup" --config "$cfg" daemon --log-level warn 2>"$work/daemon.log" &
pid=$!
sleep 3 # start-up: migrations, first pass
ticks() { awk '{print $14 + $15}' "/proc/$pid/stat"; }
t0=$(ticks)
sleep "$SECS"
t1=$(ticks)
hz=$(getconf CLK_TCK)
rss=$(awk '/^VmRSS/ {print $2}' "/proc/$pid/status")
hwm=$(awk '/^VmHWM/ {print $2}' "/proc/$pid/status")
kill -TERM "$pid"
wait "$pid" && status=0 || status=$?
pid=""
awk -v t=$((t1 - t0)) -v hz="$hz" -v s="$SECS" -v rss="$rss" -v hwm="$hwm" -v n="$N" -v st="$status" 'BEGIN {
	printf "interviews: %d\nmeasured: %d s\ncpu: %.2f s (%.3f%% of one core)\nVmRSS: %.1f MB\nVmHWM: %.1f MB\nexit after SIGTERM: %d\n",
		n, s, t / hz, 100 * t / hz / s, rss / 1024, hwm / 1024, st }'
