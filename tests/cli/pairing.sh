#!/bin/sh
# Common random numbers pay: the paired interval of a comparison is narrower than the one
# from independent runs (the ratio of widths is printed for the record), a to-be that only
# drops a constant 10-minute autonomous step saves exactly 10 minutes per case, and the
# compare JSON has every key results-format.md documents.
. "$SRCDIR/tests/cli/common.sh"
command -v python3 >/dev/null 2>&1 || { echo "python3 not found: skipped"; exit 77; }
SC=$SRCDIR/tests/scenarios
A=$MODELS/support-asis.yaml
B=$MODELS/support-tobe.yaml

# The support pair with its own settings (30 replications, 30 days).  The paired interval
# must be the narrower one; the issue hoped for 2x on cycle time, which this pair cannot
# reach: the as-is's cycle time varies twice as much between replications as the to-be's
# (sd about 50 vs 25 minutes), and even perfectly correlated runs would then give a ratio of
# sqrt(50^2 + 25^2) / (50 - 25) = 2.24; the measured correlation (0.7) gives about 1.6.
expect_exit 0 "compare, common random numbers" -- $WFSIM compare -q "$A" "$B" --json "$T/crn.json"
expect_exit 0 "compare, independent" -- $WFSIM compare -q --independent "$A" "$B" --json "$T/ind.json"
checks=$((checks + 1))
python3 - "$T/crn.json" "$T/ind.json" <<'PY' || fail "pairing does not narrow the interval on the support pair"
import json, sys
p, i = (json.load(open(f)) for f in sys.argv[1:3])
assert p["settings"]["replications"] == 30 and p["settings"]["common_random_numbers"] is True
assert i["settings"]["common_random_numbers"] is False
for k in ("cycle_time_mean", "cycle_time_p90", "wait_time_mean", "touch_time_mean",
          "sla_attainment", "cost_per_case", "throughput_per_day"):
    a, b = p["difference"][k]["ci95"], i["difference"][k]["ci95"]
    print("support pair, %-18s paired +-%-10.4g independent +-%-10.4g ratio %.2f" % (k, a, b, b / a))
a, b = p["difference"]["cycle_time_mean"]["ci95"], i["difference"]["cycle_time_mean"]["ci95"]
assert b / a > 1, (a, b)
PY

# A to-be that differs from the as-is by one agent (16 -> 15): the two runs move together
# and the issue's 2x is within easy reach (about 13x measured).
sed 's/capacity: 16,/capacity: 15,/; s/^name: .*/name: Support desk, one agent less/' "$A" >"$T/fewer.yaml"
expect_exit 0 "compare with one agent less" -- $WFSIM compare -q "$A" "$T/fewer.yaml" --json "$T/crn15.json"
expect_exit 0 "the same, independent" -- $WFSIM compare -q --independent "$A" "$T/fewer.yaml" --json "$T/ind15.json"
checks=$((checks + 1))
python3 - "$T/crn15.json" "$T/ind15.json" <<'PY' || fail "pairing is not 2x narrower for a small change"
import json, sys
p, i = (json.load(open(f)) for f in sys.argv[1:3])
a, b = p["difference"]["cycle_time_mean"]["ci95"], i["difference"]["cycle_time_mean"]["ci95"]
print("one agent less, cycle_time_mean: paired +-%.4g independent +-%.4g ratio %.2f" % (a, b, b / a))
assert b / a >= 2, (a, b)
PY

# Dropping a constant 10-minute autonomous step at the start shifts every case 10 minutes
# earlier and changes nothing else (see tests/check_scenarios.c): exactly -10 per case, with
# a zero interval (1e-6 allows for the rounding of the JSON's 10 significant digits).
expect_exit 0 "compare, dropped step" -- $WFSIM compare -q "$SC/drop-asis.yaml" "$SC/drop-tobe.yaml" --json "$T/drop.json"
expect_grep "$T/out" "time per case" "the headline names the time per case"
checks=$((checks + 1))
python3 - "$T/drop.json" <<'PY' || fail "dropping a 10-minute step does not save exactly 10 minutes"
import json, sys
d = json.load(open(sys.argv[1]))["difference"]["cycle_time_mean"]
assert abs(d["mean"] + 10) < 1e-6 and d["ci95"] < 1e-6 and d["significant"] is True, d
PY

# Every key results-format.md documents for `compare`, and the run objects inside it.
checks=$((checks + 1))
python3 - "$T/crn.json" <<'PY' || fail "compare JSON lacks documented keys"
import json, sys
d = json.load(open(sys.argv[1]))
metrics = ["cases_arrived", "cases_completed", "cases_in_progress", "throughput_per_day",
    "cycle_time_mean", "cycle_time_p50", "cycle_time_p90", "cycle_time_p95", "wait_time_mean",
    "touch_time_mean", "autonomous_rate", "escalation_rate", "rework_rate", "exception_rate",
    "timeout_rate", "escaped_error_rate", "sla_attainment", "cost_per_case"]
assert isinstance(d["wfsim_version"], str)
for k in ("replications", "seed", "common_random_numbers"):
    assert k in d["settings"], k
for side in ("as_is", "to_be"):
    r = d[side]
    for k in ("name", "file", "time_unit"):
        assert k in r["model"], (side, k)
    for k in ("replications", "seed", "horizon", "warmup"):
        assert k in r["settings"], (side, k)
    for k in metrics:
        for f in ("mean", "ci95", "sd"):
            assert f in r["metrics"][k], (side, k, f)
    for name, x in r["resources"].items():
        assert set(("mean", "ci95", "sd")) <= set(x["utilization"]), (side, name)
    for name, x in r["steps"].items():
        assert "visits_per_case" in x and "wait_mean" in x, (side, name)
    for name, x in r["outcomes"].items():
        assert set(("mean", "ci95", "sd")) <= set(x), (side, name)
    assert len(r["replications"]) == 30 and all(k in r["replications"][0] for k in metrics)
assert set(d["as_is"]["steps"]) & set(d["to_be"]["steps"]) >= {"classify", "resolve", "escalate", "review"}
for k in metrics:
    x = d["difference"][k]
    for f in ("mean", "ci95", "sd", "relative", "significant"):
        assert f in x, (k, f)
    assert isinstance(x["significant"], bool), k
# difference is to-be minus as-is; relative is over the as-is mean
x = d["difference"]["cycle_time_mean"]
a, b = d["as_is"]["metrics"]["cycle_time_mean"]["mean"], d["to_be"]["metrics"]["cycle_time_mean"]["mean"]
assert abs(x["mean"] - (b - a)) < 1e-6 * abs(a) and abs(x["relative"] - (b - a) / a) < 1e-6
PY
finish
