#!/bin/sh
# The speed benchmark (not a test): wfsim against the bare event loop of the yardstick on the
# same M/M/5 queue and customers, in the same run, so the ratio is what to quote.  Also the
# peak memory as the customers grow 10x, and the speed-up from 1 to 2 threads.
# Usage: bench/run.sh [CUSTOMERS]   (default 10000000); run after scripts/setup.sh.
set -eu
cd "$(dirname "$0")/.."
N=${1:-10000000}
W=${WFSIM:-build/wfsim}
Y=../shared/yardstick/mmc_limit.c
[ -x "$W" ] || { echo "build wfsim first: scripts/setup.sh" >&2; exit 1; }
[ -x /usr/bin/time ] || { echo "bench needs GNU time: apt-get install time" >&2; exit 1; }
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
if [ -f "$Y" ]; then
	cc -O2 -o "$tmp/mmc_limit" "$Y" $(pkg-config --cflags --libs gsl)
fi
sed "s/limit: 10000000/limit: $N/" bench/mm5.yaml >"$tmp/mm5.yaml"
sed "s/limit: 10000000/limit: $((N / 10))/" bench/mm5.yaml >"$tmp/mm5-small.yaml"

measure() {	# label command...: prints label, seconds, peak RSS in MB
	label=$1; shift
	/usr/bin/time -f "%e %M" -o "$tmp/t" "$@" >"$tmp/out" 2>&1 || { cat "$tmp/out"; exit 1; }
	set -- $(cat "$tmp/t")
	echo "$label $1 $(($2 / 1024))"
}

echo "customers: $N (M/M/5, rate 1, mean service 4)"
if [ -x "$tmp/mmc_limit" ]; then
	y=$(measure yardstick "$tmp/mmc_limit" "$N" 5 1.0 4.0); echo "  $y  ($(cat "$tmp/out"))"
fi
w=$(measure wfsim "$W" run -q -j 1 "$tmp/mm5.yaml"); echo "  $w"
grep -E "wait|cases completed" "$tmp/out" | head -n 3 | sed 's/^/    /'
s=$(measure wfsim-small "$W" run -q -j 1 "$tmp/mm5-small.yaml"); echo "  $s"
ys=$(echo "$y" | cut -d' ' -f2); ws=$(echo "$w" | cut -d' ' -f2)
awk -v y="$ys" -v w="$ws" -v n="$N" 'BEGIN {
	printf "ratio wfsim/yardstick: %.2f (target <= 2)\n", w / y;
	printf "wfsim: %.0f ns per customer, %.2f M customers/s\n", 1e9 * w / n, n / w / 1e6 }'
echo "peak RSS: $(echo "$s" | cut -d' ' -f3) MB at $((N / 10)) customers, $(echo "$w" | cut -d' ' -f3) MB at $N (target < 64, flat)"

# Threads: 8 replications of the M/M/5 queue with a tenth of the customers each.
t1=$(measure j1 "$W" run -q -r 8 -j 1 "$tmp/mm5-small.yaml" | cut -d' ' -f2)
t2=$(measure j2 "$W" run -q -r 8 -j 2 "$tmp/mm5-small.yaml" | cut -d' ' -f2)
awk -v a="$t1" -v b="$t2" 'BEGIN { printf "8 replications: %.2f s on 1 thread, %.2f s on 2: speed-up %.2f (target >= 1.8)\n", a, b, a / b }'
t=$(measure support "$W" run -q models/support-asis.yaml | cut -d' ' -f2)
echo "wfsim run models/support-asis.yaml (30 replications, all cores): $t s"
