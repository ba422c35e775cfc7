#!/bin/sh
# wfsim fit end to end (issue 17).  Round trip: the event log of one replication of
# support-asis is fitted, the draft passes check, and the fitted model, run, gives the
# original's cycle time, utilisation per pool and escalation share within tolerances derived
# below; the fitted durations are the original families with parameters within their standard
# errors.  Then the command's mistakes: each gives its message and exit code.
. "$SRCDIR/tests/cli/common.sh"

# within NAME A CI_A B CI_B ALLOWANCE: |A - B| <= sqrt(CI_A^2 + CI_B^2) + ALLOWANCE, i.e. the
# two runs' 95% intervals combined (the runs are independent) plus the fit's own error.
within() {
	checks=$((checks + 1))
	awk -v a="$2" -v ca="$3" -v b="$4" -v cb="$5" -v al="$6" \
	    'BEGIN { d = a - b; if (d < 0) d = -d; exit !(d <= sqrt(ca * ca + cb * cb) + al) }' ||
		fail "$1: original $2 (+-$3), fitted $4 (+-$5): more apart than the intervals + $6"
}

# metric FILE KEY: "mean ci95" of a top-level metric of a run's JSON.
metric() {
	sed -n "s/^    \"$2\": { \"mean\": \([^,]*\), \"ci95\": \([^,]*\),.*/\1 \2/p" "$1" | head -n 1
}

# util FILE POOL: "mean ci95" of a pool's utilisation.
util() {
	sed -n "s/^    \"$2\": { \"kind\": \"[a-z]*\", \"utilization\": { \"mean\": \([^,]*\), \"ci95\": \([^,]*\),.*/\1 \2/p" "$1"
}

# param MODEL STEP KEY: a parameter of a step's fitted duration, in minutes.
param() {
	awk -v step="$2" -v key="$3" '
		/^  - id: / { on = ($3 == step) }
		on && /^    duration:/ {
			n = split($0, f, /[{},] */)
			for (i = 1; i <= n; i++) if (f[i] ~ "^" key ": ") { sub("^" key ": ", "", f[i]); sub(/m$/, "", f[i]); print f[i] }
		}' "$1"
}

expect_exit 0 "the original's event log" -- $WFSIM run "$MODELS/support-asis.yaml" -r 1 -q \
    --events "$T/events.csv"
expect_exit 0 "fit" -- $WFSIM fit "$T/events.csv" -o "$T/fitted.yaml" --quality-json "$T/q.json"
expect_grep "$T/out" '^Data quality of ' "the report on standard output with -o"
expect_grep "$T/out" '^  open_case  ' "the cases still open at the end of the run"
rows=$(($(wc -l <"$T/events.csv") - 1))
expect_grep "$T/q.json" "^  \"rows\": $rows,\$" "every row counted"
expect_grep "$T/q.json" '^    "duplicate_event": { "count": 0, "lines": \[\] },$' "no duplicates"
expect_exit 0 "the draft passes check" -- $WFSIM check "$T/fitted.yaml"

# The same rows sorted by time, cases interleaved as in a ticketing or ERP export: the same
# draft byte for byte and the same counts (the example lines differ, being other lines).
# Sorted by enqueue, which every row has; sorted by start, the rows still waiting (no start)
# come first in their case, and the rows after them are counted out_of_order, but the draft
# is the same: an open case is open whichever of its rows is, and arrives at its earliest time.
counts() { sed -e '/"file"/d' -e 's/"lines": \[[0-9, ]*\]//' "$1"; }
mkdir "$T/bytime" "$T/bystart"
{ head -n 1 "$T/events.csv"; tail -n +2 "$T/events.csv" | sort -s -t, -k4,4; } >"$T/bytime/events.csv"
{ head -n 1 "$T/events.csv"; tail -n +2 "$T/events.csv" | sort -s -t, -k5,5; } >"$T/bystart/events.csv"
checks=$((checks + 1))
[ "$(cut -d, -f1 "$T/bytime/events.csv" | uniq | wc -l)" -gt "$(cut -d, -f1 "$T/events.csv" | uniq | wc -l)" ] ||
	fail "sorting by time does not interleave the cases"
for order in bytime bystart; do
	expect_exit 0 "fit the log sorted $order" -- $WFSIM fit "$T/$order/events.csv" \
	    -o "$T/$order/fitted.yaml" --quality-json "$T/$order/q.json"
	checks=$((checks + 1))
	cmp -s "$T/fitted.yaml" "$T/$order/fitted.yaml" || fail "sorted $order: another draft"
done
checks=$((checks + 1))
counts "$T/q.json" >"$T/counts" && counts "$T/bytime/q.json" | cmp -s "$T/counts" - ||
	fail "sorted by time: other counts in the quality report"
expect_grep "$T/q.json" '^    "out_of_order": { "count": 0,' "no row out of order sorted by case"
expect_grep "$T/bystart/q.json" '^    "out_of_order": { "count": [1-9]' "rows after a waiting one, sorted by start"
expect_grep "$T/fitted.yaml" '^  rate: 1[45][0-9.]*/d$' "Poisson arrivals, no weekly pattern"
expect_grep "$T/fitted.yaml" '^    type: { complex: 0.2[0-9]*, routine: 0.7[0-9]* }' "the attribute"
expect_grep "$T/fitted.yaml" '^      - { when: { type: complex }, to: escalate }$' "the branch by type"
expect_grep "$T/fitted.yaml" '^  agents: { capacity: 16, calendar: agents_hours }$' "agents"
expect_grep "$T/fitted.yaml" '^  supervisors: { capacity: 4, calendar: supervisors_hours }$' "supervisors"
expect_grep "$T/fitted.yaml" '^    - { days: \[mon, tue, wed, thu, fri\], hours: "09:00-17:00" }$' "office hours"

# The durations: the original's families, parameters within 3 standard errors of the log
# (the seed is fixed, so n is: resolve 4369 visits, escalate 1680, review 6049).
#  resolve, lognormal mean 25m sd 10m: se(mean) = 10/sqrt(4369) = 0.15m; se(sd) ~
#    sd sqrt((kurtosis - 1) / 4n) = 10 sqrt(3.4 / 17476) = 0.14m (kurtosis of this lognormal 4.4)
#  escalate, gamma shape 2 scale 20m: se(shape) = sqrt(k / (n (k psi'(k) - 1))) = 0.064;
#    se(mean 40m) = 40 / sqrt(2 x 1680) = 0.69m
#  review, exponential mean 6m: se = 6/sqrt(6049) = 0.077m (timestamps to the second leave
#    some zero durations, so only the exponential is tried)
expect_grep "$T/fitted.yaml" '^    duration: { dist: lognormal, ' "resolve is lognormal"
expect_grep "$T/fitted.yaml" '^    duration: { dist: gamma, ' "escalate is gamma"
expect_grep "$T/fitted.yaml" '^    duration: { dist: exponential, ' "review is exponential"
within "resolve mean" 25 0 "$(param "$T/fitted.yaml" resolve mean)" 0 0.45
within "resolve sd" 10 0 "$(param "$T/fitted.yaml" resolve sd)" 0 0.42
within "escalate shape" 2 0 "$(param "$T/fitted.yaml" escalate shape)" 0 0.19
within "escalate mean" 40 0 "$(awk -v k="$(param "$T/fitted.yaml" escalate shape)" \
    -v s="$(param "$T/fitted.yaml" escalate scale)" 'BEGIN { print k * s }')" 0 2.1
within "review mean" 6 0 "$(param "$T/fitted.yaml" review mean)" 0 0.23

# Both models, 20 replications each.  The log does not say which step is an escalation:
# --set marks the same step in the fitted model.
expect_exit 0 "run the original" -- $WFSIM run "$MODELS/support-asis.yaml" -r 20 -q --json "$T/a.json"
expect_exit 0 "run the fitted model" -- $WFSIM run "$T/fitted.yaml" -r 20 -q --json "$T/b.json" \
    --set steps.escalate.escalation=true
# Allowances for the fit's own error (2 standard errors of what the log gives):
#  utilisation = arrival rate x mean work: the rate rests on 5628 arrivals (se 1.3%), the
#    mean work of a pool on thousands of visits (se < 0.6%): 2 x 1.4% = 2.8%, taken as 3%
#    of the original's utilisation;
#  escalation share = the complex share of the log's 5582 cases: 2 sqrt(0.3 x 0.7 / 5582)
#    = 0.012;
#  cycle time mean and p90: the load's 2.8% moves the queueing at most 1 / (1 - rho) = 3.4
#    times as much at rho = 0.71, and queueing is about 40% of the cycle time here (the rest,
#    about 15 h of 25 h, is the wait for the office to open, which the fitted calendar fixes):
#    2.8% x 3.4 x 0.4 = 3.8%, taken as 4% of the original.
for k in cycle_time_mean cycle_time_p90; do
	set -- $(metric "$T/a.json" $k) $(metric "$T/b.json" $k)
	within "$k" "$1" "$2" "$3" "$4" "$(awk -v a="$1" 'BEGIN { print 0.04 * a }')"
done
set -- $(metric "$T/a.json" escalation_rate) $(metric "$T/b.json" escalation_rate)
within escalation_rate "$1" "$2" "$3" "$4" 0.012
for pool in agents specialists supervisors; do
	set -- $(util "$T/a.json" $pool) $(util "$T/b.json" $pool)
	within "utilisation of $pool" "$1" "$2" "$3" "$4" "$(awk -v a="$1" 'BEGIN { print 0.03 * a }')"
done

# fit -> check -> compare, as the README's tour shows
expect_exit 0 "compare the original with the fitted model" -- $WFSIM compare \
    "$MODELS/support-asis.yaml" "$T/fitted.yaml" -r 2 -q

# Arrivals with a weekly profile (afterhours-asis: 12/h in office hours, 4/h on weekday
# evenings, 3/h on weekend days, 1/h at night): the draft has a profile, and the office hours
# of a Monday come out as one window whose rate is within 3 standard errors of 12/h (about
# 600 arrivals over five Mondays' 50 hours: se = sqrt(600) / 50 = 0.49/h).
expect_exit 0 "a log with a weekly pattern" -- $WFSIM run "$MODELS/afterhours-asis.yaml" -r 1 -q \
    --events "$T/ah.csv"
expect_exit 0 "fit it" -- $WFSIM fit "$T/ah.csv" -o "$T/ah.yaml"
expect_grep "$T/ah.yaml" '^  profile:$' "a profile"
expect_exit 0 "its draft passes check" -- $WFSIM check "$T/ah.yaml"
# The merge of neighbouring hours tests at 1%, so now and then office hours come out as two
# or three windows: the rate asked for is their time-weighted mean over 08:00-18:00, and the
# windows must tile those hours exactly (none crosses 08:00 or 18:00).
monday=$(awk -F'"' '/^    - \{ days: mon, hours: "/ {
	split($2, h, "-"); split(h[1], a, ":"); split(h[2], b, ":")
	from = a[1] + a[2] / 60; to = b[1] + b[2] / 60
	if (from >= 8 && to <= 18) {
		r = $3; sub(/^.*rate: /, "", r); sub(/\/h.*/, "", r)
		sum += r * (to - from); hours += to - from
	}
} END { if (hours == 10) printf "%.4f", sum / hours }' "$T/ah.yaml")
within "Monday's office-hours rate" 12 0 "$monday" 0 1.5

# Another export: its own column names, day-first times with a zone, a constant column and
# a varying one.
cat >"$T/other.csv" <<'CSV'
ticket,step,who,opened,closed,queue,comment
A1,triage,desk,05/01/2026 09:00,05/01/2026 09:10,web,"first, with a comma"
A1,fix,tech,05/01/2026 09:30,05/01/2026 10:30,web,second
A2,triage,desk,05/01/2026 11:00,05/01/2026 11:05,phone,"a ""quoted"" word"
A2,fix,tech,05/01/2026 11:10,05/01/2026 11:50,phone,x
A3,triage,desk,06/01/2026 09:00,06/01/2026 09:07,web,y
A3,fix,tech,06/01/2026 09:20,06/01/2026 10:00,web,z
CSV
expect_exit 0 "fit with mapped columns" -- $WFSIM fit "$T/other.csv" --case ticket --activity step \
    --resource who --start opened --end closed --time-format "%d/%m/%Y %H:%M" --tz +01:00
expect_grep "$T/err" "^  unknown_columns  *1  1 (columns 'comment': not used)" "the unused column"
expect_grep "$T/out" '^    queue: { phone: 0.333333, web: 0.666667 }' "the attribute"
cp "$T/out" "$T/other.yaml"
# (three cases: the calendars hold only the two hours seen, so the draft is overloaded, and
# check says so; it loads)
expect_exit 0 "its draft loads" -- $WFSIM check --allow-overload "$T/other.yaml"
expect_grep "$T/other.yaml" '^  tech: { capacity: 1, calendar: tech_hours }' "a pool per resource"

# Mistakes
expect_exit 2 "a missing file" -- $WFSIM fit "$T/nothing.csv"
expect_grep "$T/err" "nothing.csv: error: cannot read: No such file or directory" "missing file"
expect_exit 2 "a missing column" -- $WFSIM fit "$T/other.csv"
expect_grep "$T/err" "other.csv:1: error: no column 'case_id' for the case id (name it with --case COLUMN); the header has: 'ticket', 'step'" "missing column"
printf 'case_id,activity,start,end\n1,a,soon,later\n' >"$T/bad.csv"
expect_exit 2 "nothing usable" -- $WFSIM fit "$T/bad.csv" --quality-json "$T/bad.json"
expect_grep "$T/err" "bad.csv: error: nothing usable remains: 0 of 1 rows, 0 of 1 cases" "nothing usable"
expect_grep "$T/bad.json" '"unparseable_time": { "count": 1, "lines": \[2\] },' "the JSON report still written"
printf 'case_id,activity,start,end\n1,"a,2026-01-05T09:00,\n' >"$T/quote.csv"
expect_exit 2 "an unclosed quote" -- $WFSIM fit "$T/quote.csv"
expect_grep "$T/err" "quote.csv:2: error: a quoted field is never closed" "unclosed quote"
expect_exit 1 "standard input" -- $WFSIM fit -
expect_exit 1 "a bad offset" -- $WFSIM fit "$T/events.csv" --tz 1h
expect_grep "$T/err" "--tz: '1h' is not an offset" "bad offset"
expect_exit 1 "writing over the log" -- $WFSIM fit "$T/events.csv" -o "$T/events.csv"
expect_exit 1 "two logs" -- $WFSIM fit "$T/events.csv" "$T/other.csv"
expect_exit 0 "help" -- $WFSIM fit --help
expect_grep "$T/out" "^usage: wfsim fit EVENTS.csv" "help"
finish
