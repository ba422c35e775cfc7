#!/bin/sh
# Runs `wfsim check` on every malformed model of tests/bad and compares its stderr with the
# NAME.expected beside it, byte for byte; each must also exit with 2 (invalid model).
# MEMCHECK=1 runs wfsim under valgrind and fails on any memory error or leak.
# REGEN=1 rewrites every NAME.expected from the current output instead (then review the diff:
# the output becomes the specification).
: "${WFSIM:?WFSIM must name the wfsim binary}"
: "${SRCDIR:=$(cd "$(dirname "$0")/.." && pwd)}"
dir="$SRCDIR/tests/bad"
out=${TMPDIR:-/tmp}/wfsim-bad.$$
trap 'rm -f "$out" "$out.vg"' EXIT INT TERM

if [ -n "$MEMCHECK" ]; then
	command -v valgrind >/dev/null 2>&1 || { echo "valgrind not found: skipped"; exit 77; }
	# a sanitizer build cannot run under valgrind; it checks memory itself
	if grep -q __asan_init "$WFSIM" 2>/dev/null; then
		echo "wfsim is built with sanitizers: valgrind skipped"
		exit 77
	fi
fi
pass=0
fail=0
cd "$dir" || exit 1
for model in *.yaml; do
	name=${model%.yaml}
	if [ -n "$MEMCHECK" ]; then
		valgrind -q --error-exitcode=99 --leak-check=full \
		    --errors-for-leak-kinds=definite,indirect --log-file="$out.vg" \
		    "$WFSIM" check "$model" >/dev/null 2>"$out"
		rc=$?
		if [ $rc -eq 99 ] || [ -s "$out.vg" ]; then
			echo "FAIL $name: valgrind found errors:"
			cat "$out.vg"
			fail=$((fail + 1))
			continue
		fi
	else
		"$WFSIM" check "$model" >/dev/null 2>"$out"
		rc=$?
	fi
	if [ -n "$REGEN" ]; then
		cp "$out" "$name.expected"
	fi
	if [ $rc -ne 2 ]; then
		echo "FAIL $name: exit code $rc, expected 2"
		fail=$((fail + 1))
	elif ! cmp -s "$out" "$name.expected"; then
		echo "FAIL $name: stderr differs from $name.expected:"
		diff "$name.expected" "$out" | head -20
		fail=$((fail + 1))
	else
		pass=$((pass + 1))
	fi
done
echo "bad models: $pass passed, $fail failed"
[ $fail -eq 0 ]
