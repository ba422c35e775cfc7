#!/bin/sh
# Figures must not depend on the horizon: a loan desk whose cases take about two days, and the
# support pair, give the same figures (within their confidence intervals) over a four-week
# window and a 28-week one.  The estimators before cohort estimation failed this: loans
# throughput 71.7 +- 0.9 a day at 35 d against 80.3 +- 0.3 at 203 d, and the support pair's
# throughput change +3.1 +- 0.1 against +0.45 +- 0.02.
#
# Tolerance: two independent estimates a and b with 95% half-widths ca and cb differ by more
# than 2 sqrt(ca^2 + cb^2) (about 4 standard errors of the difference: a Student t half-width
# with 19 or 29 degrees of freedom is 2.05-2.09 standard errors) with probability below 1e-4
# when both estimate the same value; a bias of a few percent, as before, is far outside.
. "$SRCDIR/tests/cli/common.sh"
SC=$SRCDIR/tests/scenarios
command -v python3 >/dev/null 2>&1 || { echo "SKIP: python3 is needed"; exit 77; }

for h in 35d 203d; do
	expect_exit 0 "loans over $h" -- $WFSIM run -q "$SC/loans.yaml" --horizon $h --json "$T/loans-$h.json"
	expect_exit 0 "support pair over $h" -- $WFSIM compare -q "$MODELS/support-asis.yaml" \
		"$MODELS/support-tobe.yaml" --horizon $h --json "$T/support-$h.json"
done
checks=$((checks + 1))
python3 - "$T" <<'PY' || fail "figures depend on the horizon"
import json, math, sys
t = sys.argv[1]
bad = []
def same(what, a, b):
    tol = 2 * math.hypot(a["ci95"], b["ci95"])
    ok = abs(a["mean"] - b["mean"]) <= tol
    print("%-45s %12.4f %12.4f  |diff| %.4f, tolerance %.4f%s" % (what, a["mean"], b["mean"],
          abs(a["mean"] - b["mean"]), tol, "" if ok else "  <-- FAIL"))
    if not ok:
        bad.append(what)
short, long = (json.load(open("%s/loans-%s.json" % (t, h))) for h in ("35d", "203d"))
for k in ("throughput_per_day", "cycle_time_mean", "cycle_time_p90", "wait_time_mean",
          "resolution_rate", "abandonment_rate", "rework_rate", "escaped_error_rate"):
    same("loans " + k, short["metrics"][k], long["metrics"][k])
for r in ("clerks", "underwriters"):
    same("loans utilisation of " + r, short["resources"][r]["utilization"],
         long["resources"][r]["utilization"])
assert short["metrics"]["censored_cases"]["mean"] == 0
short, long = (json.load(open("%s/support-%s.json" % (t, h))) for h in ("35d", "203d"))
for side in ("as_is", "to_be"):
    for k in ("throughput_per_day", "cycle_time_mean", "cycle_time_p90", "sla_attainment"):
        same("support %s %s" % (side, k), short[side]["metrics"][k], long[side]["metrics"][k])
for k in ("throughput_per_day", "cycle_time_mean", "touch_time_mean", "autonomous_rate",
          "escaped_error_rate"):
    same("support change in " + k, short["difference"][k], long["difference"][k])
assert not bad, bad
PY

# Censoring is never silent: a ten-day delay with a one-day drain leaves every case of the
# window (arrivals on days 1 to 6) open at the cap, and the text, the JSON and the report
# say so.
cat >"$T/slow.yaml" <<'YAML'
wfsim: 1
time_unit: days
simulation: { horizon: 7d, warmup: 0, replications: 2, seed: 1, drain: 1d }
arrivals: { interarrival: 1d }
steps:
  - { id: wait, duration: 10d }
YAML
expect_exit 0 "a run whose cases cannot end before the drain cap" -- $WFSIM run -q "$T/slow.yaml" --json "$T/slow.json"
expect_grep "$T/out" "^WARNING: 6.0 cases of the window (100.00%) were still open 24 h after the horizon" "the text warns of censored cases"
checks=$((checks + 1))
python3 -c 'import json, sys; w = json.load(open(sys.argv[1]))["warnings"]; assert len(w) == 1 and "censored" in w[0], w' \
	"$T/slow.json" || fail "the JSON warns of censored cases"
expect_grep "$T/slow.json" '"censored_cases": { "mean": 6,' "the JSON counts censored cases"
expect_exit 0 "a comparison whose cases cannot end" -- $WFSIM compare -q "$T/slow.yaml" "$T/slow.yaml" --report "$T/slow.html"
expect_grep "$T/out" "^WARNING: as-is: 6.0 cases of the window" "compare warns of the as-is's censored cases"
expect_grep "$T/slow.html" "censored" "the report warns of censored cases"
finish
