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

# Priorities and batches: which steps and attribute values make each class of a pool, each
# batch's release rule, and the mean hold where it has a closed form: 4 Poisson arrivals an
# hour straight into 'intake' (20 held or 4 h after the first: 2.01 h, tests/check_check.c
# checks the formula), daily releases at 10:00 and 15:00 with a steady flow (gaps 5 h and
# 19 h: (5^2 + 19^2) / 48 = 8.04 h); otherwise only the longest hold.
cat >"$T/batch.yaml" <<'YAML'
wfsim: 1
time_unit: minutes
resources:
  agents: { capacity: 6 }
arrivals:
  rate: 4/h
  attributes:
    tier: { vip: 0.1, gold: 0.1, standard: 0.8 }
steps:
  - id: intake
    resource: agents
    duration: 10m
    batch: { size: 20, max_wait: 4h }
  - id: answer
    resource: agents
    duration: 20m
    priority: { by: tier, values: { vip: 2, gold: 2 } }
  - id: rework
    resource: agents
    duration: 5m
    priority: 3
    batch: { size: 5 }
  - id: sign
    batch: { at: ["10:00", "15:00"] }
YAML
expect_exit 0 "a model with priorities and batches" -- "$WFSIM" check "$T/batch.yaml"
expect_line "$T/out" "  priorities: agents serves 3 classes, highest first (3, 2, 0), first come first served within a class; the offered load is the same" \
	"the pool's classes"
expect_line "$T/out" "    priority 3: rework" "a step's own priority"
expect_line "$T/out" "    priority 2: answer (tier=vip, gold)" "the attribute values that make a class"
expect_line "$T/out" "    priority 0: intake, answer (tier=standard)" "the default class: steps and unlisted values"
expect_line "$T/out" "  batch: intake is released when 20 are held or the first has waited 4 h; a visit is held 2.01 h on average, then queues for agents" \
	"a size and time rule on Poisson arrivals: the mean hold"
expect_line "$T/out" "  batch: rework is released when 5 are held; the mean hold is not computed: it is known for Poisson arrivals entering at this step (the first) only" \
	"a size rule further down: no mean"
expect_line "$T/out" "  batch: sign is released at 10:00, 15:00 daily; a visit is held 8.04 h on average" \
	"daily releases with a steady flow: the sum of gap^2 / (2 week)"

# A calendar makes the flow follow the office hours: the longest hold only.
cat >"$T/batch2.yaml" <<'YAML'
wfsim: 1
time_unit: minutes
calendars:
  office: [ { days: mon-fri, hours: "09:00-17:00" } ]
resources:
  clerks: { capacity: 4, calendar: office }
arrivals:
  rate: 1/h
steps:
  - id: prepare
    resource: clerks
    duration: 10m
  - id: sign
    resource: clerks
    duration: 2m
    batch: { at: ["11:00", "16:00"], days: mon-fri }
  - id: ship
    batch: { max_wait: 1d }
YAML
expect_exit 0 "a timed batch behind a calendar" -- "$WFSIM" check "$T/batch2.yaml"
expect_line "$T/out" "  batch: sign is released at 11:00, 16:00 on Mon-Fri; a visit is held at most 67 h (the longest gap between releases); the mean hold is not computed: visits do not reach it at a rate steady in time (calendars, shifts, holidays, a profile, a trace, a limit, a ramp or another timed batch)" \
	"a timed batch behind a calendar: the longest hold only"
expect_line "$T/out" "  batch: ship is released when the first held has waited 24 h; a visit is held at most 24 h; the mean hold is not computed: it is known for Poisson arrivals entering at this step (the first) only" \
	"a time rule further down: its bound"

expect_exit 0 "every bundled model passes check" -- sh -c "\"$WFSIM\" check \"$MODELS\"/*.yaml"
[ -s "$T/err" ] && fail "the bundled models give warnings: $(head -n 3 "$T/err")"
finish
