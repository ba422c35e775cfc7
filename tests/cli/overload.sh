#!/bin/sh
# Overload is never hidden: check looks at every window of the week, not only the weekly mean;
# run and compare refuse an overloaded model (exit 2) unless --allow-overload, and then every
# output says so (text, JSON warnings, report banner, headline); a finite workload is not an
# overload.
. "$SRCDIR/tests/cli/common.sh"

callcentre() {	# callcentre MONDAY_AGENTS: 30 agents of work on Mondays, 25 on other weekdays
	cat >"$T/cc.yaml" <<YAML
wfsim: 1
name: call centre
time_unit: minutes
simulation: { horizon: 14d, warmup: 7d }
resources:
  agents:
    shifts:
      - { days: mon, hours: "08:00-20:00", capacity: $1 }
      - { days: tue-fri, hours: "08:00-20:00", capacity: 36 }
arrivals:
  profile:
    - { days: mon, hours: "08:00-20:00", rate: 300/h }
    - { days: tue-fri, hours: "08:00-20:00", rate: 250/h }
steps:
  - id: answer
    resource: agents
    duration: { dist: exponential, mean: 6m }
YAML
}

# The issue's call centre: 24 agents instead of 36 on Mondays.  The weekly mean (77.4%)
# passes; Monday leaves 720 calls queued when the centre closes at 20:00.
callcentre 24
expect_exit 2 "a Monday the centre cannot serve, although the weekly mean passes" -- "$WFSIM" check "$T/cc.yaml"
expect_grep "$T/out" "77.4%" "the weekly mean is still shown"
expect_grep "$T/out" "peak: agents Mon 08:00-Mon 20:00: offered 30.00 servers of work, 24.00 open; 72.0 server-hours (720 cases)" \
	"the window, its load, the servers open and the backlog it builds"
expect_grep "$T/out" "720 cases still queued when the pool closes at Mon 20:00" "the quiet hours do not clear it"
expect_grep "$T/err" "cc.yaml:6:3: error: resource 'agents' cannot serve its peak Mon 08:00-Mon 20:00" \
	"a located error at the resource"
expect_grep "$T/err" "allow-overload" "the way out is named"
expect_exit 0 "check --allow-overload" -- "$WFSIM" check --allow-overload "$T/cc.yaml"

callcentre 36
expect_exit 0 "with the 36 agents Monday needs" -- "$WFSIM" check "$T/cc.yaml"
grep -q "peak:" "$T/out" && fail "no window exceeds its capacity with 36 agents on Monday"

# run and compare make the same check first.
callcentre 24
cp "$T/cc.yaml" "$T/cc24.yaml"
callcentre 36
cp "$T/cc.yaml" "$T/cc36.yaml"
expect_exit 2 "run refuses an overloaded model" -- "$WFSIM" run -q -r 2 "$T/cc24.yaml" --json "$T/no.json"
expect_grep "$T/err" "error: resource 'agents' cannot serve its peak" "run says why"
[ -e "$T/no.json" ] && fail "a refused run writes no results"
[ -s "$T/out" ] && fail "a refused run prints no figures"
expect_exit 2 "compare refuses an overloaded to-be" -- "$WFSIM" compare -q -r 2 "$T/cc36.yaml" "$T/cc24.yaml"
expect_grep "$T/err" "cc24.yaml:6:3: error" "compare names the overloaded model"
expect_exit 2 "compare refuses an overloaded as-is" -- "$WFSIM" compare -q -r 2 "$T/cc24.yaml" "$T/cc36.yaml"
expect_exit 0 "run of the model that copes" -- "$WFSIM" run -q -r 2 "$T/cc36.yaml"
grep -q "WARNING" "$T/out" && fail "a model that copes carries no overload warning"

# --allow-overload: simulated, and said everywhere.
expect_exit 0 "run --allow-overload" -- "$WFSIM" run -q -r 2 --allow-overload "$T/cc24.yaml" --json "$T/run.json"
expect_grep "$T/out" "^WARNING: the model is overloaded.*queues grow without bound.*depends on the horizon" \
	"the text output says so before the figures"
expect_grep "$T/run.json" '"warnings": \[' "the JSON has a top-level warnings list"
expect_grep "$T/run.json" '^    "the model is overloaded' "holding the warning"
expect_grep "$T/run.json" '"overloaded": true' "and the flag"

# A to-be whose weekly mean is overloaded (2 servers of work on 1), with economics: no payback.
cat >"$T/a.yaml" <<YAML
wfsim: 1
name: desk as-is
time_unit: minutes
simulation: { horizon: 7d, warmup: 0d }
resources:
  clerks: { capacity: 3, cost_per_hour: 30 }
arrivals:
  rate: 20/h
steps:
  - { id: work, resource: clerks, duration: 6m }
YAML
sed -e 's/desk as-is/desk to-be/' -e 's/capacity: 3/capacity: 1/' "$T/a.yaml" >"$T/b.yaml"
printf 'economics: { one_off: 10000, per_month: 100 }\n' >>"$T/b.yaml"
expect_exit 2 "compare refuses a to-be offered twice its capacity" -- "$WFSIM" compare -q -r 2 "$T/a.yaml" "$T/b.yaml"
expect_grep "$T/err" "queues grow without bound (use --allow-overload" "the weekly overload as before"
expect_exit 0 "compare --allow-overload" -- "$WFSIM" compare -q -r 2 --allow-overload "$T/a.yaml" "$T/b.yaml" \
	--json "$T/cmp.json" --report "$T/r.html"
expect_grep "$T/out" "^WARNING: to-be: the model is overloaded" "compare's text output says which side"
expect_grep "$T/out" "OVERLOADED .*queues grow without bound: every figure depends on the horizon" \
	"the headline's first row flags it"
expect_grep "$T/out" "payback period .*not valid: the to-be is overloaded" "no payback presented as valid"
grep -q "months" "$T/out" && fail "a payback in months is printed for an overloaded to-be"
expect_grep "$T/cmp.json" '^  "warnings": \[' "compare JSON: top-level warnings"
expect_grep "$T/cmp.json" '"to-be: the model is overloaded' "naming the side"
expect_grep "$T/r.html" 'class="warning"' "the report has a banner"
expect_grep "$T/r.html" "Warning: to-be: the model is overloaded" "saying it"
expect_grep "$T/r.html" "OVERLOADED" "and the report's headline flags it"

# A finite workload outpacing its pool is not an overload: check says when the work is done.
cat >"$T/fin.yaml" <<YAML
wfsim: 1
time_unit: minutes
simulation: { horizon: 7d }
resources:
  clerks: { capacity: 1 }
arrivals:
  rate: 20/h
  limit: 100
steps:
  - { id: work, resource: clerks, duration: 6m }
YAML
expect_exit 0 "a finite workload at 200% passes check" -- "$WFSIM" check "$T/fin.yaml"
expect_grep "$T/out" "finite workload: 100 cases, the last arriving 5 h after the start; the work is done about 10 h after the start" \
	"how long the work takes (100 x 6 min on one clerk)"
grep -q "error" "$T/err" && fail "a finite workload is no error"
expect_exit 0 "and runs without --allow-overload" -- "$WFSIM" run -q -r 2 "$T/fin.yaml"
grep -q "WARNING" "$T/out" && fail "a finite workload carries no overload warning"
# A finite workload still arriving after the horizon: said.
sed 's/limit: 100/limit: 100000/' "$T/fin.yaml" >"$T/fin2.yaml"
expect_exit 0 "a finite workload longer than the horizon" -- "$WFSIM" check "$T/fin2.yaml"
expect_grep "$T/err" "warning: the finite workload's cases arrive until 208 d after the start, past the horizon (7 d)" \
	"cases arriving after the horizon are not measured"
# `limit: 0` burns a backlog down: nothing arrives, so nothing is offered per day, and the
# work (50 cases of 5 minutes for one clerk) is done after 250 minutes.
cat >"$T/burn.yaml" <<'YAML'
wfsim: 1
time_unit: minutes
resources:
  clerk: { capacity: 1 }
arrivals: { rate: 10/h, limit: 0 }
backlog:
  - { step: work, count: 50 }
steps:
  - { id: work, resource: clerk, duration: 5m }
YAML
expect_exit 0 "check of a backlog burn-down" -- "$WFSIM" check "$T/burn.yaml"
expect_grep "$T/out" "arrivals: 0.0 cases/day" "limit: 0: no arrivals"
expect_grep "$T/out" "finite workload: 50 cases, the last arriving 0 s after the start; the work is done about 4.17 h" "limit: 0: the backlog's drain"
finish
