#!/bin/sh
# The README must tell the truth: the model in its tour loads and passes `wfsim check`.
. "$SRCDIR/tests/cli/common.sh"

awk '/^```yaml$/ { on = 1; next } /^```$/ { if (on) exit } on' "$SRCDIR/README.md" >"$T/tour.yaml"
checks=$((checks + 1))
[ -s "$T/tour.yaml" ] || fail "no yaml block found in README.md"
expect_exit 0 "the README's tour model passes wfsim check" -- "$WFSIM" check "$T/tour.yaml"
expect_grep "$T/out" "bottleneck" "the check prints the capacity analysis"
finish
