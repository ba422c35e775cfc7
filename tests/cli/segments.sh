#!/bin/sh
# Segments end to end (issue 14): a model with categorical (or binned numeric) attributes has `segments` in its
# run JSON, a per-segment table in its text, `segment_difference` in the compare JSON, and
# `wfsim plot` still reads the file back; a model without categorical attributes has neither
# the key nor the table.
. "$SRCDIR/tests/cli/common.sh"

expect_exit 0 "run a model with attributes" -- $WFSIM run "$MODELS/invoices-asis.yaml" \
    -r 2 --warmup 0 --horizon 7d --json "$T/r.json"
expect_grep "$T/r.json" '^  "segments": {' "run JSON"
expect_grep "$T/r.json" '^    "supplier=key": { "metrics": {' "run JSON"
expect_grep "$T/r.json" '^      "cycle_time_p90": { "mean": ' "run JSON"
expect_grep "$T/out" '^Per segment' "run text"
expect_grep "$T/out" '^  supplier=regular ' "run text"

expect_exit 0 "compare" -- $WFSIM compare "$MODELS/invoices-asis.yaml" \
    "$MODELS/invoices-tobe.yaml" -r 2 --warmup 0 --horizon 7d -q --json "$T/c.json"
expect_grep "$T/c.json" '^  "segment_difference": {' "compare JSON"
expect_grep "$T/c.json" '^    "amount=large": {' "compare JSON"
expect_exit 0 "plot reads the comparison back" -- $WFSIM plot "$T/c.json" --out "$T/plots"
expect_exit 0 "plot reads the run back" -- $WFSIM plot "$T/r.json" --out "$T/plots1"

# A numeric attribute binned by the model: its bins are segments everywhere the categorical
# ones are (run JSON and text, compare's segment_difference, the JSON read back).
for v in 4 6; do
	cat >"$T/bins$v.yaml" <<MODEL
wfsim: 1
name: Binned amounts $v
time_unit: minutes
resources: { staff: { capacity: 3 } }
arrivals:
  interarrival: { dist: exponential, mean: 5m }
  attributes:
    amount: { dist: uniform, min: 0, max: 100000, segments: [10000, 50000] }
steps:
  - { id: work, resource: staff, duration: { dist: exponential, mean: ${v}m } }
MODEL
done
expect_exit 0 "run a model with binned amounts" -- $WFSIM run "$T/bins4.yaml" -r 2 \
    --horizon 3d --json "$T/b.json"
expect_grep "$T/b.json" '^    "10000<=amount<50000": { "metrics": {' "binned run JSON"
expect_grep "$T/b.json" '^    "amount>=50000": { "metrics": {' "binned run JSON"
expect_grep "$T/out" '^  amount<10000 ' "binned run text"
expect_exit 0 "compare binned models" -- $WFSIM compare "$T/bins4.yaml" "$T/bins6.yaml" \
    -r 2 --horizon 3d -q --json "$T/bc.json"
expect_grep "$T/bc.json" '^    "amount<10000": {' "binned compare JSON"
expect_grep "$T/out" '^  10000<=amount<50000 ' "binned compare text"
expect_exit 0 "plot reads the binned comparison back" -- $WFSIM plot "$T/bc.json" --out "$T/plots2"

cat >"$T/plain.yaml" <<'MODEL'
wfsim: 1
name: No attributes
time_unit: minutes
resources: { staff: { capacity: 2 } }
arrivals: { interarrival: { dist: exponential, mean: 20m } }
steps:
  - { id: work, resource: staff, duration: { dist: exponential, mean: 15m } }
MODEL
expect_exit 0 "run a model without attributes" -- $WFSIM run "$T/plain.yaml" -r 2 \
    --horizon 3d --json "$T/p.json"
checks=$((checks + 1))
! grep -q -e '"segments"' -e '^Per segment' "$T/p.json" "$T/out" ||
	fail "a model without attributes has segments"
finish
