#!/usr/bin/env bash
# Start-up of Jiedao beside a bare Fyne window (build/bench/hello), in one
# run, alternating, under a virtual display (docs/BENCHMARKS.md, "Start-up
# and memory (issue 17)").
#
#   build/bench-start.sh [LARGE.db] [SMALL.db]
#
# LARGE.db defaults to /tmp/big.db (jiedao demo --households 120000 --seed 1
# --password P),
# SMALL.db to a 300-household demo register made on first use. Environment:
# RUNS (rounds, default 5), SETTLE (seconds each start is watched, default
# 10), OUT (folder for the binaries and logs, default a new temporary one),
# JIEDAO (a Jiedao binary to measure instead of building this tree; several,
# space separated, are measured side by side).
#
# Each round starts, one after the other: hello, then every Jiedao on every
# register. For each start it polls every 10 ms and reports, in ms after
# launch, when a window of the process is mapped (xdotool --onlyvisible)
# and when Jiedao printed that the dashboard is filled (JIEDAO_BENCH=1);
# and VmRSS at 3 s and at SETTLE s and VmHWM (peak RSS) at SETTLE s, in MB,
# from /proc/PID/status. Before each Jiedao start the register's backups
# folder is emptied, so every start makes the daily automatic backup (the
# worst start of a day). Needs Xvfb, xdotool and sqlite3 (make deps-check).
set -euo pipefail
cd "$(dirname "$0")/.."
RUNS=${RUNS:-5}
SETTLE=${SETTLE:-10}
OUT=${OUT:-$(mktemp -d /tmp/jiedao-bench-start.XXXXXX)}
mkdir -p "$OUT"
LARGE=${1:-/tmp/big.db}
SMALL=${2:-$OUT/small-src.db}

echo "building into $OUT" >&2
go build -tags migrated_fynedo -o "$OUT/hello" ./build/bench/hello
if [ -z "${JIEDAO:-}" ]; then
	go build -tags migrated_fynedo -o "$OUT/jiedao" .
	JIEDAO=$OUT/jiedao
fi
if [ ! -s "$SMALL" ]; then
	set -- $JIEDAO
	# A new register takes the demonstration's accounts' password.
	"$1" demo --households 300 --seed 1 --password "${BENCH_PASSWORD:-演示-密码-2026}" --db "$SMALL" >/dev/null 2>&1
fi
# Private copies: the starts write backups and audit entries. They name
# an operator, as an office's register does, so that the start does not
# stop at the first-run question and runs its checks and backup.
for db in large small; do
	mkdir -p "$OUT/$db"
	src=$LARGE; [ $db = small ] && src=$SMALL
	if [ ! -s "$OUT/$db/jiedao.db" ]; then
		cp "$src" "$OUT/$db/jiedao.db"
		sqlite3 "$OUT/$db/jiedao.db" "UPDATE settings SET value = 'bench' WHERE key = 'operator'"
	fi
done

display=:$((90 + RANDOM % 400))
Xvfb "$display" -screen 0 1366x768x24 -nolisten tcp >/dev/null 2>&1 &
xvfb=$!
trap 'kill $xvfb 2>/dev/null || true' EXIT
sleep 1
export DISPLAY=$display
export HOME=$OUT/home XDG_CONFIG_HOME=$OUT/home/.config XDG_CACHE_HOME=$OUT/home/.cache
mkdir -p "$HOME"

now_us() { local t=$EPOCHREALTIME; echo "${t/./}"; }
status_mb() { awk -v k="$2:" '$1 == k { printf "%.0f", $2 / 1024 }' "/proc/$1/status" 2>/dev/null || echo "-"; }

# measure NAME REGISTER CMD...: one start, one result line.
measure() {
	local name=$1 reg=$2
	shift 2
	local err=$OUT/$name-$reg.stderr
	JIEDAO_BENCH=1 "$@" >/dev/null 2>"$err" &
	local pid=$! t0 now el win=- fill=- rss3=- rssN=- hwm=-
	t0=$(now_us)
	while :; do
		now=$(now_us)
		el=$(((now - t0) / 1000))
		if [ "$win" = - ] && xdotool search --onlyvisible --pid "$pid" >/dev/null 2>&1; then
			win=$el
		fi
		if [ "$fill" = - ] && grep -q 'jiedao-bench: dashboard filled' "$err" 2>/dev/null; then
			fill=$el
		fi
		if [ "$rss3" = - ] && [ "$el" -ge 3000 ]; then
			rss3=$(status_mb "$pid" VmRSS)
		fi
		if [ "$el" -ge $((SETTLE * 1000)) ]; then
			rssN=$(status_mb "$pid" VmRSS)
			hwm=$(status_mb "$pid" VmHWM)
			break
		fi
		sleep 0.01
	done
	kill "$pid" 2>/dev/null || true
	wait "$pid" 2>/dev/null || true
	printf '%-28s %-6s %8s %8s %8s %8s %8s\n' "$name" "$reg" "$win" "$fill" "$rss3" "$rssN" "$hwm"
}

printf '%-28s %-6s %8s %8s %8s %8s %8s\n' program reg window_ms filled_ms rss3_MB "rss${SETTLE}_MB" peak_MB | tee "$OUT/results.txt"
for round in $(seq "$RUNS"); do
	for reg in large small; do
		measure hello "$reg" "$OUT/hello" | tee -a "$OUT/results.txt"
		for bin in $JIEDAO; do
			rm -rf "$OUT/$reg/backups"
			measure "$(basename "$bin")" "$reg" "$bin" --db "$OUT/$reg/jiedao.db" | tee -a "$OUT/results.txt"
		done
	done
done

echo
echo "median (min–max) over $RUNS rounds:"
awk 'NR > 1 {
	k = $1 " " $2
	if (!(k in n)) order[++m] = k
	n[k]++
	for (c = 3; c <= 7; c++) v[k, c, n[k]] = $c
}
function stat(k, c,   i, j, a, t, cnt) {
	cnt = 0
	for (i = 1; i <= n[k]; i++) if (v[k, c, i] != "-") a[++cnt] = v[k, c, i] + 0
	if (cnt == 0) return "-"
	for (i = 1; i <= cnt; i++) for (j = i + 1; j <= cnt; j++) if (a[j] < a[i]) { t = a[i]; a[i] = a[j]; a[j] = t }
	return a[int((cnt + 1) / 2)] " (" a[1] "–" a[cnt] ")"
}
END {
	printf "%-35s %-18s %-18s %-14s %-14s %-14s\n", "program register", "window ms", "filled ms", "rss 3 s MB", "rss settled MB", "peak MB"
	for (i = 1; i <= m; i++) { k = order[i]; printf "%-35s %-18s %-18s %-14s %-14s %-14s\n", k, stat(k, 3), stat(k, 4), stat(k, 5), stat(k, 6), stat(k, 7) }
}' "$OUT/results.txt" | tee "$OUT/summary.txt"
