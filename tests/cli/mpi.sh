#!/bin/sh
# wfsim under mpirun (built with --with-mpi): run, compare and sweep on 1, 2 and 3 ranks, with
# 1 or 2 threads each, give byte for byte the single process's JSON, CSV, tables and event
# log, also for a sweep with fewer replications per point than ranks; a rank that fails alone ends the job with its message and no output; ranks that do
# not run the same thing are refused.  Skips (77) in a build without MPI.
. "$SRCDIR/tests/cli/common.sh"
if [ -z "${WFSIM_MPIRUN:-}" ]; then
	echo "SKIP: wfsim was built without --with-mpi"
	exit 77
fi
# --oversubscribe: more ranks than cores; --allow-run-as-root: CI runs as root
MPIRUN="$WFSIM_MPIRUN --oversubscribe --allow-run-as-root"
[ "$(id -u)" -ne 0 ] && MPIRUN="$WFSIM_MPIRUN --oversubscribe"
A=$MODELS/claims-asis.yaml
B=$MODELS/claims-tobe.yaml
SA=$MODELS/support-asis.yaml
SB=$MODELS/support-tobe.yaml
OPTS="-q -r 7 --horizon 15d --warmup 1d"

# same_as REF GOT WHAT: the files must be identical.
same_as() {
	checks=$((checks + 1))
	cmp -s "$1" "$2" || fail "$3: $(basename "$2") differs from the single process's"
}

# The single process: the reference.
expect_exit 0 "run, one process" -- $WFSIM run $OPTS "$B" --json "$T/run.json" --csv "$T/run.csv" \
	--events "$T/run-ev.csv"
cp "$T/out" "$T/run.out"
expect_exit 0 "compare, one process" -- $WFSIM compare $OPTS "$A" "$B" --json "$T/cmp.json" \
	--csv "$T/cmp.csv"
cp "$T/out" "$T/cmp.out"
expect_exit 0 "sweep, one process" -- $WFSIM sweep -q -r 3 --horizon 8d --warmup 1d "$SA" "$SB" \
	--vary resources.agents.capacity=4,12,20 --json "$T/sw.json"
expect_exit 0 "a sweep's target, one process" -- $WFSIM sweep -q -r 3 --horizon 8d --warmup 1d \
	"$SA" "$SB" --vary resources.agents.capacity=4:20:2 --target "sla_attainment>=0.8" \
	--json "$T/tg.json"

for np in 1 2 3; do
	for j in 1 2; do
		expect_exit 0 "run on $np ranks x $j threads" -- $MPIRUN -np $np $WFSIM run $OPTS -j $j "$B" \
			--json "$T/run$np.json" --csv "$T/run$np.csv" --events "$T/run$np-ev.csv"
		same_as "$T/run.json" "$T/run$np.json" "run, $np ranks x $j threads"
		same_as "$T/run.csv" "$T/run$np.csv" "run, $np ranks x $j threads"
		same_as "$T/run-ev.csv" "$T/run$np-ev.csv" "run's event log, $np ranks x $j threads"
		same_as "$T/run.out" "$T/out" "run's tables, $np ranks x $j threads"
	done
	expect_exit 0 "compare on $np ranks" -- $MPIRUN -np $np $WFSIM compare $OPTS "$A" "$B" \
		--json "$T/cmp$np.json" --csv "$T/cmp$np.csv"
	same_as "$T/cmp.json" "$T/cmp$np.json" "compare, $np ranks"
	same_as "$T/cmp.csv" "$T/cmp$np.csv" "compare, $np ranks"
	same_as "$T/cmp.out" "$T/out" "compare's tables, $np ranks"
	expect_exit 0 "sweep on $np ranks" -- $MPIRUN -np $np $WFSIM sweep -q -r 3 --horizon 8d \
		--warmup 1d "$SA" "$SB" --vary resources.agents.capacity=4,12,20 --json "$T/sw$np.json"
	same_as "$T/sw.json" "$T/sw$np.json" "sweep, $np ranks"
done
# A sweep without a target splits its (point, side, replication) units as one list: with
# fewer replications per point than ranks no rank sits idle, and the units of a point land
# on different ranks; two varied values, both sides varied (no shared as-is run).
SW2="-q -r 2 --horizon 8d --warmup 1d $SA $SB --vary both:resources.agents.capacity=4,12,20 --vary arrivals.rate=10,20"
expect_exit 0 "a 3 x 2 sweep of 2 replications, one process" -- $WFSIM sweep $SW2 -j 1 \
	--json "$T/sw2.json" --csv "$T/sw2.csv"
cp "$T/out" "$T/sw2.out"
for np in 2 3; do
	for j in 1 2; do
		expect_exit 0 "a 3 x 2 sweep of 2 replications on $np ranks x $j threads" -- $MPIRUN -np $np \
			$WFSIM sweep $SW2 -j $j --json "$T/sw2-$np.json" --csv "$T/sw2-$np.csv"
		same_as "$T/sw2.json" "$T/sw2-$np.json" "3 x 2 sweep, $np ranks x $j threads"
		same_as "$T/sw2.csv" "$T/sw2-$np.csv" "3 x 2 sweep, $np ranks x $j threads"
		same_as "$T/sw2.out" "$T/out" "3 x 2 sweep's tables, $np ranks x $j threads"
	done
done

# Bisection decides which point comes next from the results: every rank must agree.
expect_exit 0 "a sweep's target on 3 ranks" -- $MPIRUN -np 3 $WFSIM sweep -q -r 3 --horizon 8d \
	--warmup 1d "$SA" "$SB" --vary resources.agents.capacity=4:20:2 --target "sla_attainment>=0.8" \
	--json "$T/tg3.json"
same_as "$T/tg.json" "$T/tg3.json" "a sweep's target, 3 ranks"

# More ranks than replications: the idle ranks only exchange.
expect_exit 0 "4 ranks, 2 replications" -- $MPIRUN -np 4 $WFSIM run -q -r 2 --horizon 8d "$B" \
	--json "$T/r2m.json"
expect_exit 0 "2 replications, one process" -- $WFSIM run -q -r 2 --horizon 8d "$B" --json "$T/r2.json"
same_as "$T/r2.json" "$T/r2m.json" "4 ranks, 2 replications"

# check and plot are not split: rank 0 alone runs them.
expect_exit 0 "check, one process" -- $WFSIM check "$B"
cp "$T/out" "$T/check.out"
expect_exit 0 "check on 2 ranks" -- $MPIRUN -np 2 $WFSIM check "$B"
same_as "$T/check.out" "$T/out" "check's analysis, 2 ranks"
if command -v gnuplot >/dev/null 2>&1; then
	expect_exit 0 "plot on 2 ranks" -- $MPIRUN -np 2 $WFSIM plot "$T/run.json" --out "$T/plots"
fi

# Many replications: the exchange goes in several batches (16 MB at most each).
sed "s/limit: 10000000/limit: 50/" "$SRCDIR/bench/mm5.yaml" >"$T/tiny.yaml"
expect_exit 0 "1001 small replications, one process" -- $WFSIM run -q -r 1001 "$T/tiny.yaml" \
	--json "$T/many.json"
expect_exit 0 "1001 small replications on 3 ranks" -- $MPIRUN -np 3 $WFSIM run -q -r 1001 -j 1 \
	"$T/tiny.yaml" --json "$T/many3.json"
same_as "$T/many.json" "$T/many3.json" "1001 replications, 3 ranks"
# ... and a sweep's exchange batches cut across its points and sides (of different sizes).
expect_exit 0 "a sweep of 3 x 200 small replications, one process" -- $WFSIM sweep -q -r 200 \
	"$T/tiny.yaml" "$T/tiny.yaml" --vary resources.servers.capacity=5,6,7 --json "$T/manysw.json"
expect_exit 0 "a sweep of 3 x 200 small replications on 3 ranks" -- $MPIRUN -np 3 $WFSIM sweep -q \
	-r 200 -j 1 "$T/tiny.yaml" "$T/tiny.yaml" --vary resources.servers.capacity=5,6,7 \
	--json "$T/manysw3.json"
same_as "$T/manysw.json" "$T/manysw3.json" "a sweep of 3 x 200 replications, 3 ranks"

# A rank that fails alone (its model file is missing, as on a node that does not see it):
# its message, named by rank, a non-zero exit, and no output at all from rank 0.
mkdir "$T/fail"
expect_exit 2 "rank 1 fails alone" -- $MPIRUN -np 1 $WFSIM run $OPTS "$B" --json "$T/fail/r.json" \
	--events "$T/fail/ev.csv" : -np 1 $WFSIM run $OPTS "$T/missing.yaml" --json "$T/fail/r.json"
expect_grep "$T/err" "^wfsim: rank 1 of 2: .*missing.yaml: error: cannot open the model" \
	"the failed rank's message"
checks=$((checks + 1))
[ -z "$(ls -A "$T/fail")" ] || fail "a failed job left files: $(ls -A "$T/fail")"
checks=$((checks + 1))
[ -s "$T/out" ] && fail "a failed job printed results"

# Ranks that run different settings find out at the first exchange and all stop.
expect_exit 3 "ranks that disagree" -- $MPIRUN -np 1 $WFSIM run $OPTS "$B" --json "$T/fail/d.json" \
	: -np 1 $WFSIM run -q -r 8 --horizon 15d --warmup 1d "$B"
expect_grep "$T/err" "^wfsim: error: rank 1 of 2 simulates other models or settings than rank 0" \
	"ranks must agree"
checks=$((checks + 1))
[ -z "$(ls -A "$T/fail")" ] || fail "a refused job left files: $(ls -A "$T/fail")"

# An error every rank meets is said once, with its usual exit code.
expect_exit 2 "a missing model on every rank" -- $MPIRUN -np 3 $WFSIM run -q "$T/missing.yaml"
checks=$((checks + 1))
[ "$(grep -c "missing.yaml: error: cannot open the model" "$T/err")" -eq 1 ] ||
	fail "the error of every rank is not said exactly once"
finish
