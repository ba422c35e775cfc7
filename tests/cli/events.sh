#!/bin/sh
# The event log end to end: its header and ISO 8601 times from the model's start, one row per
# step visit of replication 1 (checked against the JSON) with its status, the case's outcome,
# cohort flag and attributes; timeouts and open visits; bounded memory over a long horizon,
# and, in a comparison, the same case ids for the same arriving cases in both logs.
# Also: every key results-format.md documents for `run` is in the JSON.
. "$SRCDIR/tests/cli/common.sh"
SC=$SRCDIR/tests/scenarios
ISO='[0-9]\{4\}-[0-9][0-9]-[0-9][0-9]T[0-9][0-9]:[0-9][0-9]:[0-9][0-9]'

# Every case of events.yaml visits its 3 steps once and all 200 finish: exactly 600 rows.
expect_exit 0 "run with an event log" -- $WFSIM run -q "$SC/events.yaml" --events "$T/ev.csv" --json "$T/ev.json"
checks=$((checks + 1))
[ "$(head -n 1 "$T/ev.csv")" = "case_id,activity,resource,enqueue,start,end,status,outcome,cohort" ] ||
	fail "event log header: $(head -n 1 "$T/ev.csv")"
checks=$((checks + 1))
rows=$(($(wc -l <"$T/ev.csv") - 1))
[ "$rows" -eq 600 ] || fail "events.yaml: $rows rows, expected 3 x 200"
checks=$((checks + 1))
bad=$(sed 1d "$T/ev.csv" | grep -v -c "^[0-9]*,[a-z]*,[a-z]*,$ISO,$ISO,$ISO,complete,done,1\$")
[ "$bad" -eq 0 ] || fail "$bad event rows are not case,activity,resource,ISO,ISO,ISO,complete,done,1"
# the model starts 2026-03-02T08:00 and its first arrival comes after that, the same day
expect_grep "$T/ev.csv" "^1,intake,clerks,2026-03-02T08:" "times count from the model's start"
checks=$((checks + 1))
sed 1d "$T/ev.csv" | awk -F, '$4 > $5 || $5 > $6 { bad++ } END { exit bad > 0 }' ||
	fail "some row has enqueue > start or start > end"

# A model with random routes and loops, warm-up 0 so that every case from time 0 to the
# horizon is in the cohort: each is followed to its end, so its rows (cohort 1) number sum
# over steps of visits_per_case x cases_arrived, all of replication 1 (-r 1).  Cases arriving
# after the horizon are logged with cohort 0, those still open when the run stopped with
# status open and no end; a visit that timed out has no start.
expect_exit 0 "support model with an event log" -- $WFSIM run -q -r 1 --horizon 5d --warmup 0 \
	"$MODELS/support-asis.yaml" --events "$T/sup.csv" --json "$T/sup.json"
if command -v python3 >/dev/null 2>&1; then
	checks=$((checks + 1))
	python3 - "$T/sup.json" "$T/sup.csv" "$T/ev.json" <<'PY' || fail "event rows do not match the visits in the JSON"
import json, sys
d = json.load(open(sys.argv[1]))
rep = d["replications"][0]
visits = sum(s["visits_per_case"]["mean"] for s in d["steps"].values()) * rep["cases_arrived"]
import csv
rows = list(csv.DictReader(open(sys.argv[2])))
cohort = [r for r in rows if r["cohort"] == "1"]
assert rep["censored_cases"] == 0, rep["censored_cases"]
assert abs(visits - round(visits)) < 1e-6, visits
assert len(cohort) == round(visits), (len(cohort), visits)
assert all(r["status"] in ("complete", "timeout", "open") for r in rows)
assert all(r["status"] != "open" for r in cohort), "a cohort case is open"
assert all(r["outcome"] == "" and r["end"] == "" for r in rows if r["status"] == "open")
assert all(r["end"] != "" for r in rows if r["status"] != "open")
# a case has no outcome exactly when it is open: one open row, its current visit
open_ids = [r["case_id"] for r in rows if r["status"] == "open"]
assert len(open_ids) == len(set(open_ids))
assert set(open_ids) == set(r["case_id"] for r in rows if r["outcome"] == "")
assert all(r["start"] == "" for r in rows if r["status"] == "timeout")
assert all(r["start"] != "" for r in rows if r["status"] == "complete")
assert set(r["type"] for r in rows) <= {"routine", "complex"}, "the attribute column"
opened = sum(1 for r in rows if r["status"] == "open")
e = json.load(open(sys.argv[3]))
assert e["replications"][0]["cases_arrived"] == 200 and e["replications"][0]["cases_completed"] == 200
print("support, replication 1: %d cohort rows = %d visits; %d rows after the horizon, %d open"
      % (len(cohort), round(visits), len(rows) - len(cohort), opened))
PY

	# Every key results-format.md documents for `run`.
	checks=$((checks + 1))
	python3 - "$T/sup.json" <<'PY' || fail "run JSON lacks documented keys"
import json, sys
d = json.load(open(sys.argv[1]))
metrics = ["cases_arrived", "cases_completed", "censored_cases", "cases_in_progress",
    "throughput_per_day", "cycle_time_mean", "cycle_time_p50", "cycle_time_p90",
    "cycle_time_p95", "wait_time_mean", "touch_time_mean", "resolution_rate",
    "abandonment_rate", "autonomous_rate", "decided_without_human_rate", "escalation_rate",
    "rework_rate", "exception_rate", "timeout_rate", "escaped_error_rate", "sla_attainment",
    "cost_per_case"]
def summary(x, where):
    for k in ("mean", "ci95", "sd"):
        assert k in x, (where, k)
assert isinstance(d["wfsim_version"], str)
for k in ("name", "file", "time_unit"):
    assert k in d["model"], k
assert d["model"]["time_unit"] == "minutes"
for k in ("replications", "seed", "horizon", "warmup", "drain", "window_days"):
    assert k in d["settings"], k
for k in metrics:
    summary(d["metrics"][k], k)
for k in ("cycle_time_mean", "cycle_time_p90"):
    assert d["metrics"][k]["unit"] == "minutes", k
assert d["metrics"]["throughput_per_day"]["unit"] == "cases/day"
assert set(d["resources"]) == {"agents", "specialists", "supervisors"}
for r in d["resources"].values():
    summary(r["utilization"], "utilization")
    summary(r["overtime_hours"], "overtime_hours")
assert set(d["steps"]) == {"intake", "classify", "resolve", "escalate", "review"}
for s in d["steps"].values():
    summary(s["visits_per_case"], "visits_per_case")
    summary(s["wait_mean"], "wait_mean")
assert "resolved" in d["outcomes"]
for o in d["outcomes"].values():
    summary(o, "outcome")
    summary(o["decided_without_human"], "decided_without_human")
    assert o["kind"] in ("resolved", "abandoned", "unresolved")
assert len(d["replications"]) == d["settings"]["replications"] == 1
for k in metrics:
    assert k in d["replications"][0], k
PY
fi

# Bounded memory: 200 days (about 290 000 rows) take no more memory than 5 days, since the
# log is streamed to its file (a 20 MB log held in memory would show; 8 MB of slack covers
# allocator noise).
sed 's/^  limit: 200$//' "$SC/events.yaml" >"$T/long.yaml"
if command -v python3 >/dev/null 2>&1; then
	checks=$((checks + 1))
	python3 - "$WFSIM" "$T/long.yaml" "$T" <<'PY' || fail "the event log of a long run is not streamed"
import resource, subprocess, sys, os
wfsim, model, tmp = sys.argv[1:4]
def peak(h):
    out = os.path.join(tmp, "long-%s.csv" % h)
    # each run in its own child, so that its peak is its own
    code = ("import resource,subprocess,sys;"
            "r=subprocess.run(sys.argv[1:]).returncode;"
            "print(r, resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss)")
    p = subprocess.run([sys.executable, "-c", code, wfsim, "run", "-q", "-r", "1",
        "--horizon", h, model, "--events", out], capture_output=True, text=True)
    rc, kb = map(int, p.stdout.split()[-2:])
    assert rc == 0, (h, p.stderr)
    rows = sum(1 for _ in open(out)) - 1
    os.remove(out)
    return kb, rows
small, n_small = peak("5d")
big, n_big = peak("200d")
print("5d: %d rows, %d KB; 200d: %d rows, %d KB" % (n_small, small, n_big, big))
assert n_big > 30 * n_small, (n_small, n_big)
assert big < small + 8192, (small, big)
PY
else
	expect_exit 0 "a long run with an event log" -- $WFSIM run -q -r 1 --horizon 200d "$T/long.yaml" --events "$T/long.csv"
fi

# compare --events writes FILE-as-is.csv and FILE-to-be.csv; a case id stands for the same
# arriving case in both: its first enqueue (its arrival) is the same time.
expect_exit 0 "compare with event logs" -- $WFSIM compare -q -r 1 --horizon 3d --warmup 0 \
	"$MODELS/support-asis.yaml" "$MODELS/support-tobe.yaml" --events "$T/cmp.csv"
checks=$((checks + 1))
if [ -s "$T/cmp-as-is.csv" ] && [ -s "$T/cmp-to-be.csv" ]; then
	first() { sed 1d "$1" | awk -F, '!($1 in t) || $4 < t[$1] { t[$1] = $4 } END { for (k in t) print k, t[k] }' | sort; }
	first "$T/cmp-as-is.csv" >"$T/a.first"
	first "$T/cmp-to-be.csv" >"$T/b.first"
	join "$T/a.first" "$T/b.first" >"$T/ab"
	same=$(awk '$2 == $3' "$T/ab" | wc -l)
	common=$(wc -l <"$T/ab")
	na=$(wc -l <"$T/a.first")
	[ "$same" -eq "$common" ] || fail "$((common - same)) case ids arrive at different times in the two logs"
	# all but the cases still in their first visit at the horizon appear in both
	[ "$common" -ge $((na * 9 / 10)) ] || fail "only $common of $na case ids in both logs"
	echo "compare: $common case ids in both logs, same arrival time for $same"
	# and a step both models keep draws the same duration for the same case and visit
	# (common random numbers): equal to the second, as the log rounds start and end to
	# whole seconds.
	if command -v python3 >/dev/null 2>&1; then
		checks=$((checks + 1))
		python3 - "$T/cmp-as-is.csv" "$T/cmp-to-be.csv" <<'PY' || fail "shared steps draw different durations"
import csv, sys
from datetime import datetime
def durations(path):
    d, seen = {}, {}
    for r in csv.DictReader(open(path)):
        if r["status"] != "complete":
            continue
        key = (r["case_id"], r["activity"])
        seen[key] = seen.get(key, -1) + 1
        d[key + (seen[key],)] = (datetime.fromisoformat(r["end"]) -
            datetime.fromisoformat(r["start"])).total_seconds()
    return d
a, b = durations(sys.argv[1]), durations(sys.argv[2])
common = [k for k in a if k in b and k[1] in ("resolve", "escalate", "review")]
off = [k for k in common if abs(a[k] - b[k]) > 1]
print("compare: %d visits to shared steps in both logs, %d with different durations" % (len(common), len(off)))
assert len(common) > 100 and not off, off[:5]
PY
	fi
else
	fail "compare --events did not write cmp-as-is.csv and cmp-to-be.csv"
fi
finish
