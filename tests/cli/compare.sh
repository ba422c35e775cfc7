#!/bin/sh
# `wfsim compare` end to end: a model against itself changes nothing, the headline, JSON.
. "$SRCDIR/tests/cli/common.sh"
A=$MODELS/support-asis.yaml
B=$MODELS/support-tobe.yaml
CMP="$WFSIM compare -q -r 5 --horizon 10d --warmup 1d"

expect_exit 0 "compare a model with itself" -- $CMP "$A" "$A" --json "$T/self.json"
if command -v python3 >/dev/null 2>&1; then
	python3 - "$T/self.json" <<'PY' || fail "a model compared with itself must differ by exactly 0"
import json, sys
d = json.load(open(sys.argv[1]))
for k, v in d["difference"].items():
    assert v["mean"] in (0, None), (k, v)
    assert v["significant"] is False, k
assert d["settings"]["common_random_numbers"] is True
PY
fi
expect_exit 0 "compare as-is with to-be" -- $CMP "$A" "$B" --json "$T/c.json" --csv "$T/c.csv"
expect_grep "$T/out" "What the redesign changes" "headline block"
expect_grep "$T/out" "time per case" "headline time per case"
expect_grep "$T/out" "per year" "yearly figures"
expect_grep "$T/c.json" '"difference"' "JSON difference block"
expect_grep "$T/c.json" '"as_is"' "JSON as_is block"
expect_grep "$T/c.csv" "^model,replication,metric,value$" "compare CSV header"
expect_exit 0 "compare --independent" -- $CMP --independent "$A" "$B" --json "$T/i.json"
expect_grep "$T/i.json" '"common_random_numbers": false' "independent runs are said to be so"
finish
