#!/bin/sh
# `wfsim compare BASE A B ...`: every scenario against the base on the same random numbers;
# each scenario's figures and difference are exactly those of the two-model comparison.
. "$SRCDIR/tests/cli/common.sh"
A=$MODELS/support-asis.yaml
B=$MODELS/support-tobe.yaml
CMP="$WFSIM compare -q -r 3 --horizon 8d --warmup 1d"

cp "$B" "$T/tobe5.yaml"
sed -e 's/^\(  agents: *{ capacity: \)4,/\15,/' "$B" >"$T/tobe5.yaml"
expect_exit 0 "two models" -- $CMP "$A" "$B" --json "$T/two.json"
expect_exit 0 "two models, the second edited" -- $CMP "$A" "$T/tobe5.yaml" --json "$T/two5.json"
expect_exit 0 "three models" -- $CMP "$A" "$B" "$T/tobe5.yaml" --json "$T/three.json" \
	--csv "$T/three.csv" --report "$T/three.html"
expect_grep "$T/out" "^base: Support desk, as-is " "the base is named"
expect_grep "$T/out" "^2: Support desk, to-be .*tobe5.yaml)" "each scenario is named with its file"
expect_grep "$T/out" "^Scenarios 1-2: value (difference from the base, paired)" "one table"
expect_grep "$T/out" "^  net saving per year  " "the money per scenario"
expect_grep "$T/three.csv" "^scenario_2,3,cycle_time_mean," "CSV rows per scenario"
expect_grep "$T/three.html" "<h2>Scenario 2: " "the report has every scenario"
if command -v python3 >/dev/null 2>&1; then
	python3 - "$T/two.json" "$T/two5.json" "$T/three.json" <<'PY' || fail "each scenario equals its two-model comparison"
import json, sys
two, two5, three = (json.load(open(f)) for f in sys.argv[1:])
assert [s["to_be"]["model"]["file"].endswith(f) for s, f in zip(three["scenarios"], ("support-tobe.yaml", "tobe5.yaml"))] == [True, True]
assert three["base"]["metrics"] == two["as_is"]["metrics"]
for pair, s in ((two, three["scenarios"][0]), (two5, three["scenarios"][1])):
    assert s["difference"] == pair["difference"]
    assert s["to_be"]["metrics"] == pair["to_be"]["metrics"]
    assert s["economics"] == pair["economics"]
    assert s["process_diff"] == pair["process_diff"]
PY
	checks=$((checks + 1))
fi
expect_exit 3 "wfsim plot does not redraw scenarios" -- $WFSIM plot "$T/three.json" --out "$T/rp"
expect_grep "$T/err" "the results of several scenarios: 'wfsim plot' draws a run or a comparison of two models again" \
	"plot says what it draws"
expect_exit 1 "--events with three models" -- $CMP "$A" "$B" "$B" --events "$T/log.csv"
expect_grep "$T/err" "with more than two, run the one whose log you want" "events need two models"
if command -v gnuplot >/dev/null 2>&1; then
	expect_exit 0 "plots per scenario" -- $CMP "$A" "$B" "$T/tobe5.yaml" --plots "$T/p"
	checks=$((checks + 1))
	[ -f "$T/p/1-support-tobe/cycle-time.png" ] && [ -f "$T/p/2-tobe5/cycle-time.png" ] ||
		fail "the plots of each scenario are in DIR/K-NAME"
fi
finish
