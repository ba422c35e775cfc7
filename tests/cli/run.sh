#!/bin/sh
# `wfsim run` end to end: the table, JSON per results-format.md, CSV, determinism across seeds
# and thread counts, safe output.
. "$SRCDIR/tests/cli/common.sh"
M=$MODELS/support-asis.yaml
RUN="$WFSIM run -q -r 4 --horizon 8d --warmup 1d"

expect_exit 0 "run" -- $RUN "$M" --json "$T/a.json" --csv "$T/a.csv"
expect_grep "$T/out" "cycle time" "the table names the cycle time"
expect_grep "$T/out" "±" "the table shows confidence intervals"
[ -s "$T/err" ] && fail "run writes nothing to stderr when all is well: $(head -n 2 "$T/err")"
for k in wfsim_version cases_arrived cases_completed cases_in_progress throughput_per_day \
	cycle_time_mean cycle_time_p50 cycle_time_p90 cycle_time_p95 wait_time_mean touch_time_mean \
	autonomous_rate escalation_rate rework_rate exception_rate timeout_rate escaped_error_rate \
	cost_per_case '"resources"' '"steps"' '"outcomes"' '"replications"' '"ci95"'; do
	expect_grep "$T/a.json" "$k" "JSON has $k"
done
expect_grep "$T/a.csv" "^replication,metric,value$" "CSV header"
expect_grep "$T/a.csv" "^4,cycle_time_mean," "CSV has every replication"

# The same seed gives the same bytes, whatever the thread count.
expect_exit 0 "run -j 1" -- $RUN -j 1 "$M" --json "$T/j1.json"
expect_exit 0 "run -j 2" -- $RUN -j 2 "$M" --json "$T/j2.json"
expect_exit 0 "run -j 4" -- $RUN -j 4 "$M" --json "$T/j4.json"
cmp -s "$T/j1.json" "$T/j2.json" || fail "-j 1 and -j 2 differ"
cmp -s "$T/j1.json" "$T/j4.json" || fail "-j 1 and -j 4 differ"
cmp -s "$T/a.json" "$T/j1.json" || fail "two runs with the same seed differ"
expect_exit 0 "another seed" -- $RUN -s 7 "$M" --json "$T/s7.json"
cmp -s "$T/a.json" "$T/s7.json" && fail "a different seed gives the same results"

# The JSON reads back (wfsim plot parses it); python checks it is strict JSON.
if command -v python3 >/dev/null 2>&1; then
	python3 -c 'import json,sys; d=json.load(open(sys.argv[1])); assert d["metrics"]["cycle_time_mean"]["mean"] > 0' "$T/a.json" \
		|| fail "JSON is not valid or lacks cycle_time_mean"
fi

# Output is refused over an input model, and write errors are run-time failures.
cp "$M" "$T/model.yaml"
expect_exit 1 "refuse to overwrite the model" -- $RUN "$T/model.yaml" --json "$T/model.yaml"
cmp -s "$M" "$T/model.yaml" || fail "the model was changed"
cp "$SRCDIR/tests/scenarios/trace.yaml" "$SRCDIR/tests/scenarios/trace.csv" "$T/"
cp "$T/trace.csv" "$T/trace.orig"
expect_exit 1 "refuse to overwrite the model's trace" -- $RUN "$T/trace.yaml" --events "$T/trace.csv"
expect_grep "$T/err" "refusing to write output over the trace" "the refusal names the trace"
cmp -s "$T/trace.csv" "$T/trace.orig" || fail "the trace was changed"
if [ -w /dev/full ]; then
	expect_exit 3 "stdout to /dev/full" -- sh -c "$RUN '$M' >/dev/full"
fi
expect_exit 3 "JSON into a missing directory" -- $RUN "$M" --json "$T/no/such/dir/x.json"
ls "$T"/no 2>/dev/null && fail "a directory was created for a failed output"
finish
