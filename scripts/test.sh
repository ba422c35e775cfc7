#!/bin/sh
# The whole test suite: set up (with the test tools), build, and run `make check`.
set -eu
cd "$(dirname "$0")/.."
scripts/setup.sh valgrind libxml2-utils chromium python3 imagemagick
cd build
status=0
make -s -j"$(nproc)" check >check.out 2>&1 || status=$?
cat check.out
# Check's own summaries are in the per-program logs; say the totals in one plain line.
pass=$(sed -n 's/^# PASS: *//p' check.out | tail -n 1)
fail=$(sed -n 's/^# FAIL: *//p' check.out | tail -n 1)
err=$(sed -n 's/^# ERROR: *//p' check.out | tail -n 1)
skip=$(sed -n 's/^# SKIP: *//p' check.out | tail -n 1)
if [ "$status" -ne 0 ]; then
	for f in $(grep -l -E '^(FAIL|ERROR)' tests/*.log 2>/dev/null); do
		echo "=== $f"; tail -n 40 "$f"
	done
fi
echo "tests: ${pass:-0} passed, $(( ${fail:-0} + ${err:-0} )) failed, ${skip:-0} skipped"
exit "$status"
