#!/bin/sh
# Small things users hit: each command's --help lists its own options only, "1 replication",
# the as-is economics block is used, a rate without a unit, what a trace holds and a window it
# does not reach, a trace column overriding a declared attribute, whole weeks, and the rounding
# noise of constant durations, which is not shown as a confidence interval or a "-0.00".
. "$SRCDIR/tests/cli/common.sh"

expect_exit 0 "run --help" -- "$WFSIM" run --help
grep -q -e "--report\|--independent\|--out" "$T/out" && fail "run --help lists options run rejects"
expect_grep "$T/out" "--allow-overload" "run --help lists --allow-overload"
expect_exit 0 "compare --help" -- "$WFSIM" compare --help
expect_grep "$T/out" "--report" "compare --help lists --report"
expect_grep "$T/out" "--independent" "compare --help lists --independent"
expect_exit 0 "check --help" -- "$WFSIM" check --help
grep -q -e "--seed\|--json" "$T/out" && fail "check --help lists options check rejects"
expect_exit 0 "plot --help" -- "$WFSIM" plot --help
expect_grep "$T/out" "--out DIR" "plot --help lists --out"
grep -q -e "--seed" "$T/out" && fail "plot --help lists options plot rejects"
# Every option a command's help lists is accepted by it (the test only reaches option
# parsing: usage errors about the option itself would be exit 1 with 'does not apply').
for cmd in check run compare plot; do
	"$WFSIM" $cmd --help | sed -n 's/^ *\(-[a-z], \)\{0,1\}--\([a-z-]*\).*/\2/p' | while read -r opt; do
		[ "$opt" = help ] && continue
		"$WFSIM" $cmd --$opt x x 2>&1 | grep -q "does not apply" && echo "$cmd --$opt" >>"$T/bad"
	done
done
[ -s "$T/bad" ] && fail "help lists options the command rejects: $(cat "$T/bad")"

cat >"$T/m.yaml" <<YAML
wfsim: 1
name: bare rate
time_unit: minutes
resources:
  clerks: { capacity: 2 }
arrivals:
  rate: 0.1
steps:
  - { id: work, resource: clerks, duration: 6m }
YAML
expect_exit 0 "run -r 1" -- "$WFSIM" run -q -r 1 "$T/m.yaml"
expect_grep "$T/out" "1 replication of 28 d, seed" "'1 replication', and a default horizon of four whole weeks"
expect_exit 0 "check a rate without a unit" -- "$WFSIM" check "$T/m.yaml"
expect_grep "$T/out" "'rate: 0.1' has no unit, so it means 0.1 per minutes (the model's time unit): 144.0 cases/day" \
	"check spells out a bare rate per day"
expect_exit 0 "run with a warm-up and no horizon" -- "$WFSIM" run -q -r 1 --warmup 3d "$T/m.yaml"
expect_grep "$T/out" "1 replication of 28 d after a warm-up of 3 d" "the default window is four whole weeks after the warm-up"

# economics in the as-is model is used (its running cost counts): no warning.
printf 'economics: { one_off: 5000, per_month: 100 }\n' >>"$T/m.yaml"
cp "$T/m.yaml" "$T/b.yaml"
expect_exit 0 "compare with economics in the as-is" -- "$WFSIM" compare -q -r 2 --horizon 2d "$T/m.yaml" "$T/b.yaml"
checks=$((checks + 1))
if grep -q "is not used" "$T/err"; then fail "the as-is economics is said to be unused"; fi

# Whole weeks: a calendar makes the week matter.
cat >"$T/cal.yaml" <<YAML
wfsim: 1
time_unit: minutes
calendars:
  office: [ { days: mon-fri, hours: "09:00-17:00" } ]
resources:
  clerks: { capacity: 2, calendar: office }
arrivals:
  rate: 2/h
steps:
  - { id: work, resource: clerks, duration: 6m }
YAML
expect_exit 0 "a 10-day window" -- "$WFSIM" run -q -r 1 --horizon 11d --warmup 1d "$T/cal.yaml"
expect_grep "$T/err" "warning: the observation window (horizon minus warm-up) is 10 d, not a whole number of weeks.*make it 7 d (horizon 8 d)" \
	"a window of 10 days is said to weigh some weekdays more"
expect_exit 0 "a 14-day window" -- "$WFSIM" run -q -r 1 --horizon 15d --warmup 1d "$T/cal.yaml"
grep -q "whole number of weeks" "$T/err" && fail "14 days is two whole weeks"
expect_exit 0 "no calendar: the week does not matter" -- "$WFSIM" run -q -r 1 --horizon 10d "$T/m.yaml"
grep -q "whole number of weeks" "$T/err" && fail "a model without a week is not warned about weeks"

# Traces: check says what the trace holds; a window it does not reach is refused; a column
# named like a declared attribute overrides it, and that is said.
cat >"$T/t.csv" <<CSV
time,type
2026-01-05T08:00,complex
2026-01-05T12:00,
2026-01-06T08:00,routine
CSV
cat >"$T/t.yaml" <<YAML
wfsim: 1
time_unit: hours
start: 2026-01-05T00:00
simulation: { horizon: 28d }
arrivals:
  trace: t.csv
  attributes:
    type: { routine: 0.5, complex: 0.5 }
steps:
  - { id: work, duration: 10m }
YAML
expect_exit 0 "check a trace" -- "$WFSIM" check "$T/t.yaml"
expect_grep "$T/out" "trace: 3 cases arriving from 8 h to 32 h after the start (a span of 24 h), 3.0 cases/day" \
	"the trace's cases, span and rate"
expect_grep "$T/err" "t.yaml:6:10: warning: column 'type' of trace '.*t.csv' sets the declared attribute 'type' case by case" \
	"a column overriding a declared attribute is a located warning"
expect_exit 2 "run with a warm-up past the trace" -- "$WFSIM" run -q -r 1 --warmup 3d --horizon 10d "$T/t.yaml"
expect_grep "$T/err" "error: no case of the trace arrives in the observation window (from the warm-up, 3 d, to the horizon, 10 d): its 3 cases arrive from 8 h to 32 h" \
	"refused with what the trace holds"
sed 's/horizon: 28d/horizon: 28d, warmup: 2d/' "$T/t.yaml" >"$T/t2.yaml"
expect_exit 2 "check with a warm-up past the trace" -- "$WFSIM" check "$T/t2.yaml"
expect_grep "$T/err" "no case of the trace arrives in the observation window" "check refuses it too"
# A trace is a finite workload: a pool it offers more than its capacity (3 cases in 24 h of
# 10 h each: 1.25 servers on 1) is not an overload; the work is done at 42 h (busy 8-18 h,
# 18-28 h for the case of 12 h, 32-42 h for the last).
sed -e 's/^steps:/resources:\n  expert: { capacity: 1 }\nsteps:/' \
    -e 's/{ id: work, duration: 10m }/{ id: work, resource: expert, duration: 10h }/' "$T/t.yaml" >"$T/t3.yaml"
expect_exit 0 "a trace outpacing its pool" -- "$WFSIM" check "$T/t3.yaml"
expect_grep "$T/out" "expert .*125.0%" "offered 1.25 servers on 1"
expect_grep "$T/out" "finite workload: 3 cases, the last arriving 32 h after the start; the work is done about 42 h after the start, pool 'expert' last" \
	"when the trace's work is done"
grep -q "error" "$T/err" && fail "a trace is a finite workload, never an overload"
expect_exit 2 "compare with a warm-up past the trace" -- "$WFSIM" compare -q -r 1 "$T/t2.yaml" "$T/t2.yaml"
# Constant durations: every replication has the same cycle time up to the clock's rounding;
# the tables and the sweep's verdict show 7 min, not "7 ± 2.4e-15 min", and a difference of
# nothing as 0.00.
cat >"$T/c7.yaml" <<YAML
wfsim: 1
name: seven minutes
simulation: { horizon: 2d, replications: 5, seed: 1 }
resources:
  clerk: { capacity: 10 }
arrivals:
  rate: 10/h
steps:
  - id: work
    resource: clerk
    duration: 7
    end: done
YAML
sed 's/name: seven minutes/name: seven minutes again/' "$T/c7.yaml" >"$T/c7b.yaml"
noise='e-[0-9][0-9]'			# 2.4e-15 and the like
negative_zero='(^|[^0-9.])-0\.0+([^0-9]|$)'	# -0.00, not -0.05
expect_exit 0 "run constant durations" -- "$WFSIM" run -q "$T/c7.yaml"
expect_grep "$T/out" "cycle time, 90th percentile  *7 min" "a constant cycle time is shown without a spread"
grep -q -E "$noise" "$T/out" && fail "rounding noise shown: $(grep -E "$noise" "$T/out")"
expect_exit 0 "compare constant durations" -- "$WFSIM" compare -q "$T/c7.yaml" "$T/c7b.yaml"
grep -q -E "$negative_zero|$noise" "$T/out" &&
	fail "a zero shown as -0.00 or noise: $(grep -E "$negative_zero|$noise" "$T/out")"
expect_exit 0 "sweep constant durations" -- "$WFSIM" sweep -q "$T/c7.yaml" "$T/c7b.yaml" \
	--vary steps.work.duration=5,6,7,8 --target "cycle_time_mean<=6.5"
expect_grep "$T/out" "steps.work.duration = 6 (6 min there); 7 gives 7 min;" \
	"the sweep's verdict shows constant times without a spread"
grep -q -E "$noise" "$T/out" && fail "rounding noise in the sweep: $(grep -E "$noise" "$T/out")"

finish
