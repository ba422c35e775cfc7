#!/bin/sh
# `wfsim sweep` end to end: a point equals the matching compare, results do not depend on the
# thread count, a staffing target on M/M/c lands where Erlang C says, the break-even of the
# support pair's agents, the escaped errors grow with the AI's error rate, exact errors.
. "$SRCDIR/tests/cli/common.sh"
A=$MODELS/support-asis.yaml
B=$MODELS/support-tobe.yaml
MMC=$SRCDIR/tests/sweep/mmc.yaml
OPTS="-q -r 3 --horizon 8d --warmup 1d"

expect_exit 0 "sweep the to-be's agents" -- $WFSIM sweep $OPTS "$A" "$B" \
	--vary resources.agents.capacity=4,12,16,20 --json "$T/s.json" --csv "$T/s.csv" -j 2
expect_grep "$T/out" "^vary resources.agents.capacity (to-be): 4 values" "what is varied"
expect_grep "$T/out" "^  12  " "a row per point"
expect_grep "$T/out" "^break-even: the net saving per year crosses 0 at resources.agents.capacity = 1[6-9]" \
	"the break-even of the agents moved"
expect_grep "$T/s.csv" "^resources.agents.capacity,side,metric,mean,ci95$" "CSV header"
expect_grep "$T/s.csv" "^20,difference,cycle_time_mean," "CSV difference rows"
expect_exit 0 "the same on one thread" -- $WFSIM sweep $OPTS "$A" "$B" \
	--vary resources.agents.capacity=4,12,16,20 --json "$T/s1.json" -j 1
checks=$((checks + 1))
cmp -s "$T/s.json" "$T/s1.json" || fail "a sweep's JSON depends on the thread count"
expect_exit 0 "the matching compare" -- $WFSIM compare $OPTS "$A" "$B" \
	--set-to-be resources.agents.capacity=12 --json "$T/c12.json"
expect_exit 0 "the error rate of the AI" -- $WFSIM sweep $OPTS "$A" "$B" \
	--vary steps.ai_draft.error=0.02,0.1,0.2 --json "$T/e.json"
expect_exit 0 "a staffing target on M/M/c" -- $WFSIM sweep -q "$MMC" "$MMC" \
	--vary resources.servers.capacity=1:40:1 --target "wait_time_mean<=3" --json "$T/t.json"
expect_grep "$T/out" "^target wait_time_mean <= 3: the smallest that meets it is resources.servers.capacity = 8 " \
	"Erlang C: 8 servers"
expect_grep "$T/out" "^  5  *overloaded  *not simulated" "the capacity bound answers for free"
expect_exit 0 "a target nothing meets" -- $WFSIM sweep -q "$MMC" "$MMC" \
	--vary resources.servers.capacity=6:9:1 --target "wait_time_mean<0.001" --json "$T/n.json"
expect_grep "$T/out" "^target wait_time_mean < 0.001: no value of resources.servers.capacity tried meets it" \
	"no value meets it"
expect_exit 0 "two varied values" -- $WFSIM sweep $OPTS "$A" "$B" --vary resources.agents.capacity=4,6 \
	--vary as-is:resources.agents.capacity=15,16 --csv "$T/g.csv"
expect_grep "$T/g.csv" "^resources.agents.capacity,resources.agents.capacity,side,metric,mean,ci95$" \
	"a column per varied value"
expect_grep "$T/out" "^  6, 16  " "a row per point of the grid"
if command -v python3 >/dev/null 2>&1; then
	python3 - "$T/s.json" "$T/c12.json" "$T/e.json" "$T/t.json" "$T/n.json" <<'PY' || fail "the sweep's JSON"
import json, sys
s, c, e, t, n = (json.load(open(f)) for f in sys.argv[1:])
p = [q for q in s["points"] if q["set"] == {"resources.agents.capacity": 12}][0]
# a point is the compare of the same models on the same seeds
assert p["difference"] == c["difference"], "point 12 differs from compare --set-to-be"
for side in ("as_is", "to_be"):
    for k, v in p[side]["metrics"].items():
        assert {x: v[x] for x in ("mean", "ci95", "sd")} == {x: c[side]["metrics"][k][x] for x in ("mean", "ci95", "sd")}, k
assert p["economics"]["net_saving_per_year"] == c["economics"]["net_saving_per_year"]
be = s["break_even"]["net_saving_per_year"]
assert 16 < be["value"] < 20 and be["interval"][0] <= be["value"] <= be["interval"][1], be
# more AI errors, more errors reaching customers (same cases, same draws)
esc = [q["to_be"]["metrics"]["escaped_error_rate"]["mean"] for q in e["points"]]
assert esc[0] < esc[1] < esc[2], esc
assert t["target"]["found"] == 8 and t["target"]["beside"]["value"] == 7, t["target"]
assert t["target"]["metric"] == "wait_time_mean" and t["target"]["op"] == "<=" and t["target"]["value"] == 3
assert t["target"]["points_tried"] <= 8, t["target"]
assert n["target"]["found"] is None
PY
	checks=$((checks + 1))
fi
if command -v gnuplot >/dev/null 2>&1; then
	expect_exit 0 "a sweep's plot and report" -- $WFSIM sweep $OPTS "$A" "$B" \
		--vary resources.agents.capacity=14,18,22 --plots "$T/p" --report "$T/r.html"
	checks=$((checks + 1))
	[ -s "$T/p/sweep.png" ] && [ -s "$T/p/sweep.svg" ] && [ -s "$T/p/sweep.gp" ] || fail "sweep.png, .svg, .gp"
	expect_grep "$T/r.html" "<svg" "the report holds the plot"
	expect_grep "$T/r.html" "break-even" "the report says the break-even"
	expect_exit 0 "a grid's heat maps" -- $WFSIM sweep $OPTS "$A" "$B" --vary resources.agents.capacity=4,18 \
		--vary steps.ai_draft.error=0.05,0.3 --plots "$T/g"
	checks=$((checks + 1))
	[ -s "$T/g/sweep-grid.png" ] && [ -s "$T/g/sweep-grid.svg" ] || fail "sweep-grid.png and .svg for two values"
fi

# Errors.
expect_exit 3 "wfsim plot does not redraw a sweep" -- $WFSIM plot "$T/s.json" --out "$T/rp"
expect_grep "$T/err" "the results of a sweep: 'wfsim plot' draws a run or a comparison of two models again" \
	"plot says what it draws"
expect_exit 1 "no --vary" -- $WFSIM sweep "$A" "$B"
expect_grep "$T/err" "^wfsim: sweep needs --vary PATH=VALUES" "--vary is needed"
expect_exit 1 "a backwards range" -- $WFSIM sweep "$A" "$B" --vary steps.ai_draft.error=0.2:0.1:0.01
expect_grep "$T/err" "^wfsim: --vary: '0.2:0.1:0.01': a range needs FROM <= TO and a STEP above 0$" "backwards range"
expect_exit 1 "an unknown target figure" -- $WFSIM sweep "$A" "$B" --vary resources.agents.capacity=4,5 \
	--target "sla>=0.9"
expect_grep "$T/err" "^wfsim: --target 'sla>=0.9': 'sla' is no figure of a run" "unknown figure"
expect_exit 1 "a target over two values" -- $WFSIM sweep "$A" "$B" --vary resources.agents.capacity=4,5 \
	--vary arrivals.rate=100/d,120/d --target "sla_attainment>=0.9"
expect_grep "$T/err" "^wfsim: --target searches one varied value: give exactly one --vary$" "target needs one --vary"
expect_exit 2 "a varied path that leads nowhere" -- $WFSIM sweep "$A" "$B" --vary steps.ai_drat.error=0.1,0.2
expect_grep "$T/err" "^--vary steps.ai_drat.error:1:7: error: no item with id 'ai_drat' in 'steps'; did you mean 'ai_draft'?$" \
	"the path's fault, located"
expect_exit 2 "a value the model refuses" -- $WFSIM sweep "$A" "$B" --vary steps.ai_draft.error=0.5,1.5
expect_grep "$T/err" "^--vary steps.ai_draft.error:1:22: error: 'error': probability 1.5 is outside \[0, 1\]$" \
	"the value's fault, located"
finish
