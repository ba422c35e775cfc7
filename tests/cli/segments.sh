#!/bin/sh
# Segments end to end (issue 14): a model with categorical attributes has `segments` in its
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
