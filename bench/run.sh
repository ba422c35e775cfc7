#!/bin/sh
# The speed benchmark (not a test).  Every figure is the median of ROUNDS paired rounds in
# which the programs compared run one after the other, so that load from elsewhere hits both
# alike; single-thread figures are CPU seconds (user + system), thread scaling is wall time.
#   1. M/M/5: wfsim against the bare event loop of the yardstick on the same queue and
#      customers; the ratio is what to quote.  Peak memory as the customers grow 10x.
#   2. The support desk model (models/support-asis.yaml, 30 replications, one thread): events
#      per second, and with WFSIM_BASE=path/to/older/wfsim the paired speed-up over it.
#   3. A sweep-sized workload, 20 points x 2 models x 30 replications, on 1 and 2 threads.
# Usage: bench/run.sh [CUSTOMERS]   (default 10000000); run after scripts/setup.sh.
# Environment: WFSIM (default build/wfsim), WFSIM_EVENTS (default build/bench/events: the
# event counter, for events per second), WFSIM_BASE (a baseline wfsim, e.g. built from main
# out of tree), ROUNDS (default 5).
set -eu
cd "$(dirname "$0")/.."
N=${1:-10000000}
W=${WFSIM:-build/wfsim}
E=${WFSIM_EVENTS:-build/bench/events}
BASE=${WFSIM_BASE:-}
ROUNDS=${ROUNDS:-5}
Y=../shared/yardstick/mmc_limit.c
A=models/support-asis.yaml
B=models/support-tobe.yaml
[ -x "$W" ] || { echo "build wfsim first: scripts/setup.sh" >&2; exit 1; }
[ -x /usr/bin/time ] || { echo "bench needs GNU time: apt-get install time" >&2; exit 1; }
[ -z "$BASE" ] || [ -x "$BASE" ] || { echo "WFSIM_BASE=$BASE is not a program" >&2; exit 1; }
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
if [ -f "$Y" ]; then
	cc -O2 -o "$tmp/mmc_limit" "$Y" $(pkg-config --cflags --libs gsl)
fi
sed "s/limit: 10000000/limit: $N/" bench/mm5.yaml >"$tmp/mm5.yaml"
sed "s/limit: 10000000/limit: $((N / 10))/" bench/mm5.yaml >"$tmp/mm5-small.yaml"
# The sweep varies the SLA in both models: every point simulates both of them in full, with
# the same work at every point, so its events are 20 x those of the two models.
SWEEP="sweep -q $A $B --vary both:sla=$(seq -s, 20 39 | sed 's/[0-9][0-9]*/&h/g')"

# run OUT command...: runs it once, GNU time's "wall cpu peak-KB" into OUT; fails loudly
run() {
	out=$1; shift
	/usr/bin/time -f "%e %U %S %M" -o "$tmp/t" "$@" >"$tmp/out" 2>&1 || { cat "$tmp/out" >&2; exit 1; }
	awk '{ printf "%s %.3f %s\n", $1, $2 + $3, $4 }' "$tmp/t" >>"$out"
}
# A short run ten times in one timed shell (GNU time's clock ticks in 10 ms): sh -c "$TEN" W M
TEN='i=0; while [ $i -lt 10 ]; do "$0" run -q -j 1 "$1" >/dev/null || exit 1; i=$((i + 1)); done'
# median FILE FIELD [DIVISOR]: the median of a column (1 wall, 2 cpu, 3 peak KB)
median() {
	sort -n -k"$2" "$1" | awk -v f="$2" -v d="${3:-1}" '{ v[NR] = $f } END {
		m = NR % 2 ? v[(NR + 1) / 2] : (v[NR / 2] + v[NR / 2 + 1]) / 2; printf "%.3f", m / d }'
}
verdict() {	# verdict OK-CONDITION(0/1)
	[ "$1" = 1 ] && echo "PASS" || echo "FAIL"
}

echo "wfsim: $W$( [ -n "$BASE" ] && echo ", baseline: $BASE"), $ROUNDS paired rounds, medians"
echo
echo "1. M/M/5 (rate 1, mean service 4), $N customers, one thread, CPU seconds"
r=0
while [ "$r" -lt "$ROUNDS" ]; do
	[ -x "$tmp/mmc_limit" ] && run "$tmp/y" "$tmp/mmc_limit" "$N" 5 1.0 4.0
	run "$tmp/w" "$W" run -q -j 1 "$tmp/mm5.yaml"
	r=$((r + 1))
done
grep -E "wait|cases completed" "$tmp/out" | head -n 3 | sed 's/^/    /'
ws=$(median "$tmp/w" 2)
if [ -x "$tmp/mmc_limit" ]; then
	ys=$(median "$tmp/y" 2)
	ok=$(awk -v y="$ys" -v w="$ws" 'BEGIN { print (w / y <= 1.6) ? 1 : 0 }')
	awk -v y="$ys" -v w="$ws" -v v="$(verdict "$ok")" 'BEGIN {
		printf "  yardstick %.2f s, wfsim %.2f s: ratio wfsim/yardstick %.2f (target <= 1.6) %s\n",
		    y, w, w / y, v }'
else
	echo "  yardstick $Y not found: no ratio"
fi
awk -v w="$ws" -v n="$N" 'BEGIN { printf "  wfsim: %.0f ns per customer, %.1f M events/s (2 events a customer)\n",
	1e9 * w / n, 2 * n / w / 1e6 }'
run "$tmp/ms" "$W" run -q -j 1 "$tmp/mm5-small.yaml"
echo "  peak RSS: $(median "$tmp/ms" 3 1024 | xargs printf "%.0f") MB at $((N / 10)) customers, $(median "$tmp/w" 3 1024 | xargs printf "%.0f") MB at $N (target < 64, flat)"

echo
echo "2. $A, 30 replications, one thread, CPU seconds (10 runs per sample)"
r=0
while [ "$r" -lt "$ROUNDS" ]; do
	[ -z "$BASE" ] || run "$tmp/sb" sh -c "$TEN" "$BASE" "$A"
	run "$tmp/s" sh -c "$TEN" "$W" "$A"
	r=$((r + 1))
done
ss=$(median "$tmp/s" 2 10)
if [ -x "$E" ]; then
	ev=$("$E" "$A")
	awk -v s="$ss" -v e="$ev" 'BEGIN { printf "  wfsim %.3f s, %d events: %.2f M events/s, %.0f ns an event\n",
		s, e, e / s / 1e6, 1e9 * s / e }'
else
	ev=""
	echo "  wfsim $ss s (no event counter at $E: make -C build bench builds it)"
fi
if [ -n "$BASE" ]; then
	bs=$(median "$tmp/sb" 2 10)
	ok=$(awk -v b="$bs" -v s="$ss" 'BEGIN { print (b / s >= 1.5) ? 1 : 0 }')
	awk -v b="$bs" -v s="$ss" -v v="$(verdict "$ok")" 'BEGIN {
		printf "  baseline %.3f s: speed-up %.2f (target >= 1.5) %s\n", b, b / s, v }'
else
	echo "  no baseline: WFSIM_BASE=path/to/main/wfsim gives the speed-up (target >= 1.5)"
fi

echo
echo "3. sweep, 20 points x 2 models x 30 replications ($A, $B), wall seconds"
r=0
while [ "$r" -lt "$ROUNDS" ] && [ "$r" -lt 3 ]; do
	run "$tmp/p1" "$W" $SWEEP -j 1
	run "$tmp/p2" "$W" $SWEEP -j 2
	r=$((r + 1))
done
p1=$(median "$tmp/p1" 1); p2=$(median "$tmp/p2" 1)
if [ -x "$E" ]; then
	pe=$(( ( $("$E" "$A") + $("$E" "$B") ) * 20 ))
	awk -v a="$p1" -v b="$p2" -v e="$pe" 'BEGIN {
		printf "  %d events: 1 thread %.2f s (%.2f M events/s), 2 threads %.2f s (%.2f M events/s)\n",
		    e, a, e / a / 1e6, b, e / b / 1e6 }'
fi
ok=$(awk -v a="$p1" -v b="$p2" 'BEGIN { print (a / b >= 1.8) ? 1 : 0 }')
awk -v a="$p1" -v b="$p2" -v v="$(verdict "$ok")" 'BEGIN {
	printf "  1 -> 2 threads: %.2f s -> %.2f s, speed-up %.2f (target >= 1.8 on 2 idle cores) %s\n", a, b, a / b, v }'
