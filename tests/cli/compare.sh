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

# The money: the bundled support pair rosters fewer people, so its roster costs less; its
# freed time is FTE, and the net saving is the roster's (plus errors and running costs).
expect_grep "$T/out" "FTE freed .*28.0 FTE rostered .*14.0 FTE rostered" "headline FTE rostered and freed"
expect_grep "$T/out" "roster cost per year .*saves" "the to-be's roster saves"
expect_grep "$T/out" "^  net saving per year " "net saving per year"
expect_grep "$T/out" "^Process: steps kept, added, removed" "the process difference"
expect_grep "$T/out" "^  check_draft  *added " "a step added on top"
expect_grep "$T/out" "^  intake  *removed " "a step removed"
if command -v python3 >/dev/null 2>&1; then
	python3 - "$T/c.json" <<'PY' || fail "the compare JSON's economics and process_diff"
import json, sys
d = json.load(open(sys.argv[1]))
e = d["economics"]
r = e["roster_cost_per_year"]
assert r["to_be"]["mean"] < r["as_is"]["mean"], r
for k in ("currency", "touch_cost_per_year", "escaped_error_cost_per_year", "running_cost_per_year",
          "one_off", "freed_fte", "freed_fte_by_pool", "net_saving_per_year", "payback_months",
          "npv", "roi"):
    assert k in e, k
assert e["currency"] == "EUR" and e["one_off"] == 150000 and e["months"] == 36
assert abs(e["discount_rate"] - 0.08) < 1e-12
assert e["freed_fte"]["mean"] > 0 and e["not_valid"] is None and e["count_freed_time"] is False
# the net saving is the cost that counts, as-is minus to-be; the JSON writes 10 significant
# digits, so each of the three numbers is off by up to half a unit in its 10th digit
import math
c = e["cost_per_year"]
n, a, b = e["net_saving_per_year"]["mean"], c["as_is"]["mean"], c["to_be"]["mean"]
tol = sum(0.5 * 10 ** (math.floor(math.log10(abs(x))) - 9) for x in (n, a, b) if x != 0)
assert abs(n - (a - b)) <= tol * (1 + 1e-9), (n, a, b, tol)
steps = {s["id"]: s["change"] for s in d["process_diff"]["steps"]}
assert steps["intake"] == "removed" and steps["check_draft"] == "added" and steps["resolve"] == "kept"
pools = {p["id"]: p for p in d["process_diff"]["pools"]}
assert pools["agents"]["capacity"] == {"as_is": 16, "to_be": 4}
PY
fi
expect_exit 0 "compare --count-freed-time" -- $CMP --count-freed-time "$A" "$B" --json "$T/f.json"
expect_grep "$T/out" "net saving per year, if freed time is redeployed" "freed time is labelled as such"
expect_grep "$T/f.json" '"count_freed_time": true' "and so is the JSON"
# Money between a thousand and ten thousand is in k with one decimal, like its neighbours in
# k, not in units with cents (a monthly cost that almost eats the saving: about 5 k a year).
expect_exit 0 "compare with a saving of a few thousand" -- $WFSIM compare -q "$A" "$B" \
	--set-to-be economics.per_month=94200
expect_grep "$T/out" "net saving per year  *[0-9]\.[0-9] ± [0-9]\.[0-9] k EUR$" \
	"a saving under ten thousand in k with one decimal"
finish
