#!/bin/sh
# Hostile input: files that are missing, not files, huge, deeply nested, explosive, numerically
# absurd or not text.  Each must end in a clear message and exit 2 (invalid model) or 3
# (run-time failure), within bounded time and memory; never a crash or a hang.  The big inputs
# are generated here into $T rather than kept in the tree.
. "$SRCDIR/tests/cli/common.sh"

# Bounds: TIMEOUT seconds and 1 GB of address space per command.  Neither a sanitizer build
# (ASan reserves terabytes of shadow memory) nor valgrind fits under `ulimit -v`, and valgrind
# is some 50 times slower, so there only the time bound applies, stretched.
TIMEOUT=${HOSTILE_TIMEOUT:-20}
MEMLIMIT=1048576
if [ -n "${WFSIM_VALGRIND:-}" ]; then
	MEMLIMIT=
	TIMEOUT=$((TIMEOUT * 15))
elif grep -q __asan_init "$WFSIM" 2>/dev/null; then
	echo "wfsim is built with sanitizers: no memory bound"
	MEMLIMIT=
fi
command -v timeout >/dev/null 2>&1 || { echo "timeout(1) not found: skipped"; exit 77; }

limited() {
	(
		[ -n "$MEMLIMIT" ] && ulimit -v "$MEMLIMIT"
		exec timeout "$TIMEOUT" "$@"
	)
}

# expect_model_error DESCRIPTION PATTERN FILE: `wfsim check FILE` exits 2 saying PATTERN.
expect_model_error() {
	expect_exit 2 "$1" -- limited "$WFSIM" check "$3"
	expect_grep "$T/err" "$2" "$1: message"
}

# A small valid model; $1 replaces its name, $2 its step id, $3 its duration.
model() {
	cat <<EOF
wfsim: 1
name: $1
time_unit: minutes
resources:
  agents: { capacity: 2 }
arrivals:
  interarrival: { dist: exponential, mean: 6m }
steps:
  - id: $2
    resource: agents
    duration: ${3:-5m}
EOF
}

# --- files that are not there or not models ---
expect_model_error "missing file" "cannot open the model: no such file" "$T/missing.yaml"
expect_model_error "a directory" "is a directory" "$T"
: >"$T/empty.yaml"
expect_model_error "empty file" "empty model" "$T/empty.yaml"
model ok work >"$T/secret.yaml"
chmod 000 "$T/secret.yaml"
if [ "$(id -u)" -eq 0 ]; then
	echo "running as root, who reads any file: the unreadable-file case is skipped"
else
	expect_model_error "unreadable file" "cannot open the model: permission denied" "$T/secret.yaml"
fi
# Binary garbage, the same bytes every time (a linear congruential generator).
awk 'BEGIN { x = 12345; for (i = 0; i < 4096; i++) { x = (x * 1103515245 + 12345) % 2147483648;
	printf "%c", int(x / 65536) % 255 + 1 } }' >"$T/garbage.yaml"
expect_model_error "binary garbage" "error: " "$T/garbage.yaml"
printf 'wfsim: 1\nname: x\0y\nsteps: []\n' >"$T/nul.yaml"
expect_model_error "a NUL byte" "error: " "$T/nul.yaml"

# --- size ---
# 100 MB must be refused up front (the loader reads at most 16 MB), and so must an endless file.
head -c 100000000 /dev/zero | tr '\0' 'a' >"$T/big.yaml"
expect_model_error "100 MB model" "larger than 16777216 bytes" "$T/big.yaml"
rm -f "$T/big.yaml"
expect_model_error "endless input" "larger than 16777216 bytes" /dev/zero

# A 1 MB scalar is only long: it is accepted as a name or an id, refused as a key.
big=$(head -c 1048576 /dev/zero | tr '\0' 'x')
model "$big" work >"$T/long-name.yaml"
expect_exit 0 "1 MB name" -- limited "$WFSIM" check "$T/long-name.yaml"
model ok "$big" >"$T/long-id.yaml"
expect_exit 0 "1 MB step id" -- limited "$WFSIM" run -q -r 1 --horizon 1d "$T/long-id.yaml" --events "$T/long-id.csv"
expect_grep "$T/long-id.csv" "xxxxxxxxxxxxxxxx" "1 MB step id: event log"
{ model ok work; printf '%s: 1\n' "$big"; } >"$T/long-key.yaml"
expect_model_error "1 MB key" "error: " "$T/long-key.yaml"
[ "$(wc -c <"$T/err")" -lt 4096 ] || fail "1 MB key: the message repeats the whole key ($(wc -c <"$T/err") bytes)"
unset big

# --- structure ---
awk 'BEGIN { printf "wfsim: 1\nsteps: "; for (i = 0; i < 100000; i++) printf "["; for (i = 0; i < 100000; i++) printf "]"; print "" }' >"$T/deep-flow.yaml"
expect_model_error "100k-deep flow nesting" "nesting deeper than" "$T/deep-flow.yaml"
awk 'BEGIN { printf "wfsim: 1\nsteps:\n"; for (i = 0; i < 100000; i++) printf "- "; print "x" }' >"$T/deep-block.yaml"
expect_model_error "100k-deep block nesting" "nesting deeper than" "$T/deep-block.yaml"
awk 'BEGIN { print "wfsim: 1"; print "a0: &a0 [x, x, x, x, x, x, x, x, x, x]";
	for (i = 1; i < 20; i++) printf "a%d: &a%d [*a%d, *a%d, *a%d, *a%d, *a%d, *a%d, *a%d, *a%d, *a%d, *a%d]\n", i, i, i-1, i-1, i-1, i-1, i-1, i-1, i-1, i-1, i-1, i-1 }' >"$T/bomb.yaml"
expect_model_error "alias bomb" "alias bomb" "$T/bomb.yaml"
awk 'BEGIN { print "wfsim: 1"; print "x: &x {k: v}"; printf "y: ["; for (i = 0; i < 200000; i++) printf "*x, "; print "*x]" }' >"$T/wide-alias.yaml"
expect_model_error "200k aliases" "alias bomb" "$T/wide-alias.yaml"

# Many names: each kind is bounded so that pairwise checks and dense solves stay fast.
many() {	# many N HEAD LINE TAIL: HEAD, then LINE N times with %d the index, then TAIL
	awk -v n="$1" -v head="$2" -v line="$3" -v tail="$4" \
	    'BEGIN { printf "%s", head; for (i = 0; i < n; i++) printf line, i; printf "%s", tail }'
}
A='arrivals:\n  rate: 1/h\n'
S='steps:\n  - { id: a, duration: 1m }\n'
many 200000 "wfsim: 1\n$A""steps:\n" '  - { id: s%d, duration: 1m }\n' '' >"$T/many.yaml"
expect_model_error "200k steps" "at most 1000 are supported" "$T/many.yaml"
many 1001 "wfsim: 1\n$A""steps:\n" '  - { id: s%d, duration: 1m }\n' '' >"$T/many.yaml"
expect_model_error "1001 steps" "at most 1000 are supported" "$T/many.yaml"
many 200000 "wfsim: 1\n$A""resources:\n" '  r%d: { capacity: 1 }\n' "$S" >"$T/many.yaml"
expect_model_error "200k resources" "at most 1000 are supported" "$T/many.yaml"
many 200000 "wfsim: 1\n$A""calendars:\n" '  c%d: [ { days: mon, hours: 09:00-17:00 } ]\n' "$S" >"$T/many.yaml"
expect_model_error "200k calendars" "at most 1000 are supported" "$T/many.yaml"
many 200000 "wfsim: 1\n$A""  attributes:\n" '    t%d: { a: 1 }\n' "$S" >"$T/many.yaml"
expect_model_error "200k attributes" "at most 1000 are supported" "$T/many.yaml"
many 200000 "wfsim: 1\n$A""  attributes:\n    t:\n" '      v%d: 0.000005\n' "$S" >"$T/many.yaml"
expect_model_error "200k attribute values" "at most 10000 are supported" "$T/many.yaml"
many 500000 "wfsim: 1\nx: [" '&a%d x, ' "y]\n" >"$T/many.yaml"
expect_model_error "500k anchors" "more than 1000 anchors" "$T/many.yaml"
many 200000 "wfsim: 1\n$A""steps:\n  - id: a\n    route:\n" '      - { p: 0.000005, end: done }\n' '' >"$T/many.yaml"
expect_exit 0 "200k route entries" -- limited "$WFSIM" check "$T/many.yaml"
many 200000 "wfsim: 1\n$A""steps:\n  - { id: a, duration: { dist: empirical, values: [" '%d, ' "1] } }\n" >"$T/many.yaml"
expect_exit 0 "an empirical distribution of 200k values" -- limited "$WFSIM" check "$T/many.yaml"
many 200000 "wfsim: 1\n$A""steps:\n  - { id: a, duration: 1m, " 'k%d: 1, ' "x: 1 }\n" >"$T/many.yaml"
expect_model_error "200k unknown keys" "more errors not shown" "$T/many.yaml"
many 100000 "wfsim: 1\n$A""resources:\n  r:\n    shifts:\n" '      - { days: mon, hours: 09:00-10:00, capacity: 1 }\n' "$S" >"$T/many.yaml"
expect_model_error "100k overlapping shifts" "overlap" "$T/many.yaml"
rm -f "$T/many.yaml"

# --- numbers ---
for v in .nan .NaN nan .inf -.inf inf 1e400 -1e400 1e-400x 0x10 99999999999999999999999m; do
	model ok work "$v" >"$T/num.yaml"
	expect_model_error "duration $v" "duration\|servers of work" "$T/num.yaml"
done
model ok work | sed 's/capacity: 2/capacity: 99999999999999999999999999/' >"$T/cap.yaml"
expect_model_error "huge capacity" "capacity" "$T/cap.yaml"
model ok work | sed 's/capacity: 2/capacity: 2147483648/' >"$T/cap2.yaml"
expect_model_error "capacity past INT_MAX" "capacity" "$T/cap2.yaml"
{ model ok work; printf 'simulation:\n  replications: 18446744073709551617\n  seed: -1\n'; } >"$T/reps.yaml"
expect_model_error "huge replication count" "replications" "$T/reps.yaml"
expect_grep "$T/err" "seed" "negative seed: message"
model ok work | sed 's/mean: 6m/mean: 1e-300m/' >"$T/tiny.yaml"
expect_exit 2 "interarrival of 1e-300 minutes" -- limited "$WFSIM" check "$T/tiny.yaml"
expect_grep "$T/err" "error: " "interarrival of 1e-300 minutes: message"
expect_exit 1 "--replications 1e400" -- limited "$WFSIM" run -q -r 1e400 "$T/long-name.yaml"
expect_exit 1 "--horizon 1e400d" -- limited "$WFSIM" run -q --horizon 1e400d "$T/long-name.yaml"
expect_exit 1 "--seed past 64 bits" -- limited "$WFSIM" run -q --seed 99999999999999999999999 "$T/long-name.yaml"

# --- text encoding ---
model "$(printf 'bad\377\376utf')" work >"$T/utf8.yaml"
expect_model_error "invalid UTF-8 (0xff)" "UTF-8" "$T/utf8.yaml"
model ok "$(printf 'st\300\257ep')" >"$T/utf8-overlong.yaml"
expect_model_error "overlong UTF-8" "UTF-8" "$T/utf8-overlong.yaml"
model ok "$(printf 'caf\303\251-\342\202\254')" >"$T/utf8-ok.yaml"
expect_exit 0 "valid UTF-8 id" -- limited "$WFSIM" check "$T/utf8-ok.yaml"
printf '\377\376w\000f\000s\000i\000m\000:\000 \0001\000\n\000' >"$T/utf16.yaml"
expect_model_error "UTF-16 file" "error: " "$T/utf16.yaml"

# --- traces ---
trace_model() {
	cat <<EOF
wfsim: 1
time_unit: hours
start: 2026-01-05T00:00
arrivals:
  trace: $1
  attributes:
    type: { routine: 0.5, complex: 0.5 }
resources:
  agents: { capacity: 20 }
steps:
  - id: work
    resource: agents
    duration: 10s
EOF
}
trace_model million.csv >"$T/million.yaml"
awk 'BEGIN { print "time,type,channel"; for (i = 0; i < 1000000; i++)
	printf "%.3f,%s,c%d\n", i * 0.01, i % 2 ? "routine" : "complex", i % 7 }' >"$T/million.csv"
t0=$(date +%s%N)
expect_exit 0 "a million-row trace" -- limited "$WFSIM" check "$T/million.yaml"
t1=$(date +%s%N)
echo "a million-row trace (20 MB) loads and checks in $(( (t1 - t0) / 1000000 )) ms"
expect_exit 0 "a run on a million-row trace" -- limited "$WFSIM" run -q -r 2 -j 2 --horizon 2d "$T/million.yaml"
# one 100 MB row: refused as too long, read in bounded memory
{ echo "time,type"; head -c 100000000 /dev/zero | tr '\0' '1'; } >"$T/million.csv"
expect_model_error "a 100 MB trace row" "line longer than" "$T/million.yaml"
awk 'BEGIN { print "time,type,id"; for (i = 0; i < 100000; i++) printf "%d,routine,v%d\n", i, i }' >"$T/million.csv"
expect_model_error "100k distinct values" "error: " "$T/million.yaml"
[ "$(wc -l <"$T/err")" -lt 1000 ] || fail "100k distinct values: $(wc -l <"$T/err") lines of messages, expected a capped list"
rm -f "$T/million.csv"
trace_model "$T" >"$T/dir-trace.yaml"
expect_model_error "a directory as the trace" "error: " "$T/dir-trace.yaml"
trace_model /dev/zero >"$T/zero-trace.yaml"
expect_model_error "/dev/zero as the trace" "error: " "$T/zero-trace.yaml"

# A trace from a pipe that never ends: refused after WF_TRACE_MAX_ROWS (10 million) rows, at
# the row where it stopped, in bounded time and memory (a FIFO made here, fed by yes(1)).
trace_model endless.csv >"$T/endless.yaml"
mkfifo "$T/endless.csv"
yes 1 >"$T/endless.csv" 2>/dev/null &
feeder=$!
expect_model_error "a trace that never ends" "endless.csv:10000002:1: error: more than 10000000 rows" "$T/endless.yaml"
kill $feeder 2>/dev/null
wait $feeder 2>/dev/null
# limit: 0 is a backlog burned down with no new arrivals
cat >"$T/burn-down.yaml" <<EOF
wfsim: 1
time_unit: minutes
arrivals:
  interarrival: { dist: exponential, mean: 6m }
  limit: 0
resources:
  agents: { capacity: 2 }
backlog: [{ step: work, count: 50 }]
steps:
  - id: work
    resource: agents
    duration: 5m
EOF
expect_exit 0 "limit: 0 (a backlog burn-down)" -- limited "$WFSIM" run -q -r 2 --horizon 1d "$T/burn-down.yaml"
grep -q 'cases arrived  *50.0 ' "$T/out" || fail "limit: 0: expected the 50 backlog cases and no arrivals: $(grep arrived "$T/out")"

# --- results files read back by `wfsim plot`: refused with exit 3 ---
awk 'BEGIN { for (i = 0; i < 1000000; i++) printf "["; print "" }' >"$T/deep.json"
expect_exit 3 "plot: a million-deep JSON" -- limited "$WFSIM" plot "$T/deep.json" --out "$T/plots"
expect_grep "$T/err" "not a wfsim results file" "plot: a million-deep JSON: message"
awk 'BEGIN { printf "{\"a\": "; for (i = 0; i < 100000; i++) printf "{\"b\": "; print "" }' >"$T/deep.json"
expect_exit 3 "plot: 100k nested objects" -- limited "$WFSIM" plot "$T/deep.json" --out "$T/plots"
awk 'BEGIN { printf "{\"a\": \""; for (i = 0; i < 100000; i++) printf "[[[["; print "\"}" }' >"$T/deep.json"
expect_exit 3 "plot: brackets inside a string are not nesting" -- limited "$WFSIM" plot "$T/deep.json" --out "$T/plots"
expect_grep "$T/err" "a run needs" "plot: brackets inside a string: read as JSON"
awk 'BEGIN { print "a: &a [x, x, x, x, x, x, x, x, x, x]";
	for (i = 1; i < 20; i++) printf "a%d: &a%d [*a%d, *a%d, *a%d, *a%d, *a%d, *a%d, *a%d, *a%d, *a%d, *a%d]\n", i, i, i-1, i-1, i-1, i-1, i-1, i-1, i-1, i-1, i-1, i-1 }' |
	sed 's/^a: &a/a0: \&a0/' >"$T/bomb.json"
expect_exit 3 "plot: a YAML alias bomb" -- limited "$WFSIM" plot "$T/bomb.json" --out "$T/plots"
expect_exit 3 "plot: endless input" -- limited "$WFSIM" plot /dev/zero --out "$T/plots"
expect_grep "$T/err" "larger than" "plot: endless input: message"
[ -e "$T/plots" ] && fail "plot made its directory for results it refused"

# --- run-time failures: exit 3 ---
expect_exit 3 "events into a missing directory" -- limited "$WFSIM" run -q -r 1 --horizon 1d "$T/long-name.yaml" --events "$T/nowhere/ev.csv"
expect_grep "$T/err" "cannot write" "events into a missing directory: message"
finish
