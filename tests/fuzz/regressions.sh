#!/bin/sh
# Inputs that once crashed, hung or exhausted a reader (found by the fuzzers or by hand), fed to
# `wfsim check` again: each must end, within the time bound, in exit 0 (valid) or 2 (invalid,
# with a message), never a crash.  NAME.yaml is a model; NAME.csv is an arrival trace, read
# through a small model that names it.
. "$SRCDIR/tests/cli/common.sh"
TIMEOUT=20
[ -n "${WFSIM_VALGRIND:-}" ] && TIMEOUT=300
n=0
for f in "$SRCDIR"/tests/fuzz/regressions/*.yaml "$SRCDIR"/tests/fuzz/regressions/*.csv; do
	[ -e "$f" ] || continue
	name=$(basename "$f")
	case $f in
	*.csv)
		cat >"$T/model.yaml" <<EOM
wfsim: 1
time_unit: hours
start: 2026-01-05T00:00
arrivals:
  trace: $f
  attributes:
    type: { routine: 0.5, complex: 0.5 }
steps:
  - id: work
    duration: 10m
EOM
		model=$T/model.yaml ;;
	*)
		model=$f ;;
	esac
	n=$((n + 1))
	checks=$((checks + 1))
	timeout "$TIMEOUT" "$WFSIM" check "$model" >"$T/out" 2>"$T/err"
	rc=$?
	case $rc in
	0) ;;
	2) grep -q "error: " "$T/err" || fail "$name: exit 2 without an error message" ;;
	*) fail "$name: exit $rc"; head -n 5 "$T/err" | sed 's/^/    /' ;;
	esac
done
echo "$n regression inputs"
finish
