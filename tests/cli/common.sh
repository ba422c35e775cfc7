# Helpers for the command-line tests: each test is a shell script that sources this file,
# runs $WFSIM, and calls `fail` for every broken expectation; `finish` sets the exit code.
set -u
: "${WFSIM:?}" "${SRCDIR:?}"
MODELS=$SRCDIR/models
T=$(mktemp -d)
trap 'rm -rf "$T"' EXIT
failures=0
checks=0

fail() {
	echo "FAIL: $*"
	failures=$((failures + 1))
}

# expect_exit CODE DESCRIPTION -- COMMAND...: runs it, stdout to $T/out, stderr to $T/err.
expect_exit() {
	want=$1; what=$2; shift 3
	checks=$((checks + 1))
	"$@" >"$T/out" 2>"$T/err"
	got=$?
	if [ "$got" -ne "$want" ]; then
		fail "$what: exit $got, expected $want"
		sed 's/^/    stderr: /' "$T/err" | head -n 5
	fi
}

# expect_grep FILE PATTERN DESCRIPTION
expect_grep() {
	checks=$((checks + 1))
	grep -q -e "$2" "$1" || { fail "$3: '$2' not found in $(basename "$1")"; head -n 5 "$1" | sed 's/^/    /'; }
}

# expect_line FILE LINE DESCRIPTION: FILE holds exactly this line (no pattern, the whole line).
expect_line() {
	checks=$((checks + 1))
	grep -qxF -e "$2" "$1" || { fail "$3: line not found: '$2'"; sed 's/^/    /' "$1" | head -n 30; }
}

finish() {
	echo "$checks checks, $failures failed"
	[ "$failures" -eq 0 ]
}
