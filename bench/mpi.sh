#!/bin/sh
# MPI scaling (not a test), for a wfsim built with ./configure --with-mpi: the same work on one
# process and on mpirun ranks, in paired interleaved rounds (each round runs every variant
# once, back to back, so that load from other users of the machine falls on all of them
# alike); the medians of the per-round times and ratios are what to quote.
#   work-bound: 8 replications of the M/M/5 queue with 1 M customers each;
#   exchange-bound: 4000 replications of 50 customers each, where sending the results
#   (about 40 KB a replication) is most of the work;
#   sweep: 4 points of 1 replication (the as-is fixed: 5 work units of 1 M customers), where
#   only a split of points x replications gives the second thread or rank anything to do.
# Usage: WFSIM=/path/to/mpi-build/wfsim bench/mpi.sh [ROUNDS]   (default 5)
set -eu
cd "$(dirname "$0")/.."
ROUNDS=${1:-5}
W=${WFSIM:-build/wfsim}
MPIRUN="mpirun --oversubscribe"
[ "$(id -u)" -eq 0 ] && MPIRUN="$MPIRUN --allow-run-as-root"
command -v mpirun >/dev/null 2>&1 || { echo "bench/mpi.sh needs mpirun (apt-get install openmpi-bin)" >&2; exit 1; }
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
sed "s/limit: 10000000/limit: 1000000/" bench/mm5.yaml >"$tmp/work.yaml"
sed "s/limit: 10000000/limit: 50/" bench/mm5.yaml >"$tmp/tiny.yaml"

secs() {	# command...: prints its wall-clock seconds
	s=$(date +%s.%N)
	"$@" >/dev/null 2>&1 || { echo "failed: $*" >&2; exit 1; }
	e=$(date +%s.%N)
	echo "$s $e" | awk '{ printf "%.3f", $2 - $1 }'
}

# bench NAME WHAT WFSIM-ARGS...: one line per round, then the medians
bench() {
	name=$1 what=$2
	shift 2
	echo "$name: $what, $ROUNDS rounds (seconds: plain -j1, mpirun -np 1 -j1, -np 2 -j1, plain -j2)"
	: >"$tmp/$name"
	r=0
	while [ "$r" -lt "$ROUNDS" ]; do
		a=$(secs "$W" "$@" -j 1 --json "$tmp/a.json")
		b=$(secs $MPIRUN -np 1 "$W" "$@" -j 1 --json "$tmp/b.json")
		c=$(secs $MPIRUN -np 2 "$W" "$@" -j 1 --json "$tmp/c.json")
		d=$(secs "$W" "$@" -j 2 --json "$tmp/d.json")
		cmp -s "$tmp/a.json" "$tmp/c.json" || { echo "2 ranks gave other results" >&2; exit 1; }
		echo "  round $((r + 1)): $a $b $c $d"
		echo "$a $b $c $d" >>"$tmp/$name"
		r=$((r + 1))
	done
	sort -n -k1 "$tmp/$name" | awk '{ a[NR] = $1 } END { printf "  median plain -j1 %.3f s\n", a[int((NR + 1) / 2)] }'
	awk '{ print $1 / $3, $2 / $3, $4 / $3, $3 - $2 }' "$tmp/$name" | sort -n -k1 |
		awk '{ s[NR] = $1 } END { printf "  median speed-up plain -j1 / -np 2: %.2f\n", s[int((NR + 1) / 2)] }'
	awk '{ print $2 / $3 }' "$tmp/$name" | sort -n |
		awk '{ s[NR] = $1 } END { printf "  median speed-up -np 1 / -np 2 (mpirun start-up in both): %.2f\n", s[int((NR + 1) / 2)] }'
	awk '{ print $4 / $3 }' "$tmp/$name" | sort -n |
		awk '{ s[NR] = $1 } END { printf "  median plain -j2 / -np 2 (threads against ranks): %.2f\n", s[int((NR + 1) / 2)] }'
	awk '{ print $2 - $1 }' "$tmp/$name" | sort -n |
		awk '{ s[NR] = $1 } END { printf "  median mpirun start-up (-np 1 minus plain): %.3f s\n", s[int((NR + 1) / 2)] }'
}

bench work "8 replications" run -q -r 8 "$tmp/work.yaml"
bench exchange "4000 replications" run -q -r 4000 "$tmp/tiny.yaml"
bench sweep "4 points x 1 replication" sweep -q -r 1 "$tmp/work.yaml" "$tmp/work.yaml" \
	--vary resources.servers.capacity=5,6,7,8
