#!/bin/sh
# Determinism: the thread count never changes a result, and the same seed gives the same bytes
# run after run, for compare as for run: JSON, CSV, the event logs and the table, byte for byte.
. "$SRCDIR/tests/cli/common.sh"
A=$MODELS/support-asis.yaml
B=$MODELS/support-tobe.yaml
CMP="$WFSIM compare -q -r 5 --horizon 10d --warmup 1d"
RUN="$WFSIM run -q -r 5 --horizon 10d --warmup 1d"

for j in 1 2 4; do
	expect_exit 0 "compare -j $j" -- $CMP -j $j "$A" "$B" --json "$T/c$j.json" --csv "$T/c$j.csv" \
	    --events "$T/e$j.csv"
	expect_exit 0 "run -j $j" -- $RUN -j $j "$B" --json "$T/r$j.json" --csv "$T/r$j.csv" \
	    --events "$T/re$j.csv"
done
expect_exit 0 "compare -j 3, again" -- $CMP -j 3 "$A" "$B" --json "$T/again.json" --csv "$T/again.csv"
expect_exit 0 "compare, another seed" -- $CMP -s 99 "$A" "$B" --json "$T/seed.json"

same() {	# same FILE1 FILE2 DESCRIPTION
	checks=$((checks + 1))
	[ -s "$1" ] || { fail "$3: $(basename "$1") missing or empty"; return; }
	cmp -s "$1" "$2" || { fail "$3: $(basename "$1") and $(basename "$2") differ"; diff "$1" "$2" | head -n 6; }
}
for j in 2 4; do
	same "$T/c1.json" "$T/c$j.json" "compare JSON, -j 1 and -j $j"
	same "$T/c1.csv" "$T/c$j.csv" "compare CSV, -j 1 and -j $j"
	same "$T/e1-as-is.csv" "$T/e$j-as-is.csv" "compare as-is event log, -j 1 and -j $j"
	same "$T/e1-to-be.csv" "$T/e$j-to-be.csv" "compare to-be event log, -j 1 and -j $j"
	same "$T/r1.json" "$T/r$j.json" "run JSON, -j 1 and -j $j"
	same "$T/r1.csv" "$T/r$j.csv" "run CSV, -j 1 and -j $j"
	same "$T/re1.csv" "$T/re$j.csv" "run event log, -j 1 and -j $j"
done
same "$T/c1.json" "$T/again.json" "compare JSON, twice with the same seed"
same "$T/c1.csv" "$T/again.csv" "compare CSV, twice with the same seed"
checks=$((checks + 1))
cmp -s "$T/c1.json" "$T/seed.json" && fail "compare with another seed gives the same JSON"

# The table on stdout is deterministic too.
expect_exit 0 "compare table" -- $CMP -j 1 "$A" "$B"
cp "$T/out" "$T/table1"
expect_exit 0 "compare table -j 4" -- $CMP -j 4 "$A" "$B"
same "$T/table1" "$T/out" "the compare table, -j 1 and -j 4"
finish
