#!/bin/sh
# `wfsim check`: the capacity analysis, an overloaded resource is an error (exit 2) unless
# --allow-overload, a busy one (> 90%) a warning, and every bundled model passes.
. "$SRCDIR/tests/cli/common.sh"

model() {	# model CAPACITY: one pool serving 10 cases an hour for 6 minutes each (1 server of work)
	cat >"$T/m.yaml" <<YAML
wfsim: 1
name: one pool
time_unit: minutes
resources:
  clerks: { capacity: $1 }
arrivals:
  rate: 10/h
steps:
  - id: work
    resource: clerks
    duration: { dist: exponential, mean: 6m }
YAML
}

model 2
expect_exit 0 "a pool at 50%" -- "$WFSIM" check "$T/m.yaml"
expect_grep "$T/out" "50.0%" "utilisation 50% is printed"
expect_grep "$T/out" "bottleneck: clerks" "the bottleneck is named"
expect_grep "$T/out" "240.0 cases/day" "the highest sustainable rate is 2 servers / 6 min = 240 a day"

model 1
expect_exit 2 "a pool offered exactly its capacity" -- "$WFSIM" check "$T/m.yaml"
expect_grep "$T/err" "m.yaml:5:3: error: resource 'clerks' is offered 1.00 servers of work but has 1.00" \
	"the overload is located at the resource and quantified"
expect_grep "$T/err" "allow-overload" "the way out is named"
expect_exit 0 "--allow-overload turns it into a warning" -- "$WFSIM" check --allow-overload "$T/m.yaml"
expect_grep "$T/err" "warning: resource 'clerks'" "still said, as a warning"

# 10 cases an hour of 5.7 minutes: 0.95 servers of work on 1, above 90% -> a warning, exit 0.
cat >"$T/busy.yaml" <<YAML
wfsim: 1
time_unit: minutes
resources:
  clerks: { capacity: 1 }
arrivals:
  rate: 10/h
steps:
  - id: work
    resource: clerks
    duration: 5.7m
YAML
expect_exit 0 "a pool at 95%" -- "$WFSIM" check "$T/busy.yaml"
expect_grep "$T/err" "warning: resource 'clerks' is at 95% utilisation" "a busy pool is a warning"

expect_exit 0 "every bundled model passes check" -- sh -c "\"$WFSIM\" check \"$MODELS\"/*.yaml"
[ -s "$T/err" ] && fail "the bundled models give warnings: $(head -n 3 "$T/err")"
finish
