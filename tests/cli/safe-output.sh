#!/bin/sh
# Output files appear whole or not at all: a write that fails leaves neither a partial file nor
# a temporary one, and an older file of that name is kept as it was; outputs never overwrite
# an input model.
. "$SRCDIR/tests/cli/common.sh"
A=$MODELS/support-asis.yaml
B=$MODELS/support-tobe.yaml
CMP="$WFSIM compare -q -r 3 --horizon 5d --warmup 1d"
HAVE_GNUPLOT=0
command -v gnuplot >/dev/null 2>&1 && HAVE_GNUPLOT=1

# expect_only DIR FILE DESCRIPTION: DIR holds FILE alone, with its old contents.
expect_only() {
	checks=$((checks + 1))
	[ "$(ls -A "$1")" = "$2" ] || fail "$3: left behind: $(ls -A "$1" | grep -v "^$2\$" | tr '\n' ' ')"
	[ "$(cat "$1/$2" 2>/dev/null)" = "old contents" ] || fail "$3: the old $2 was changed"
}

# Every output file of compare, in turn, into a directory that does not exist (--plots makes
# its directory, like mkdir -p, but not under a file).
for opt in "--json x.json" "--csv x.csv" "--events x.csv" "--report x.html"; do
	set -- $opt
	expect_exit 3 "$1 into a missing directory" -- $CMP "$A" "$B" "$1" "$T/missing/$2"
	expect_grep "$T/err" "cannot" "$1 into a missing directory: message"
	[ -e "$T/missing" ] && { fail "$1 created the missing directory"; rm -rf "$T/missing"; }
done
echo "a file" >"$T/file"
expect_exit 3 "--plots under a file" -- $CMP "$A" "$B" --plots "$T/file/plots"
expect_grep "$T/err" "cannot" "--plots under a file: message"

# A write that fails half-way: a file size limit (EFBIG, with SIGXFSZ ignored) stops each output
# after its first kilobyte or so; the file it would have replaced must survive untouched and
# no temporary file may stay.  This works as root too.
for opt in "--json x.json" "--csv x.csv" "--report x.html" "--plots x"; do
	set -- $opt
	[ "$1" = --plots ] && [ "$HAVE_GNUPLOT" -eq 0 ] && continue
	d=$T/efbig
	rm -rf "$d"
	mkdir "$d"
	if [ "$1" = --plots ]; then
		mkdir "$d/x"
		d=$d/x
		keep=old.txt
	else
		keep=$2
	fi
	echo "old contents" >"$d/$keep"
	expect_exit 3 "$1 that runs out of space" -- sh -c \
	    "trap '' XFSZ; ulimit -f 2; exec $CMP '$A' '$B' $1 '$T/efbig/$2' >/dev/null"
	expect_grep "$T/err" "cannot write" "$1 that runs out of space: message"
	expect_only "$d" "$keep" "$1 that runs out of space"
done
# The event logs of compare are two files: the first fails, the second is never begun.
d=$T/efbig
rm -rf "$d"
mkdir "$d"
echo "old contents" >"$d/ev-as-is.csv"
expect_exit 3 "--events that runs out of space" -- sh -c \
    "trap '' XFSZ; ulimit -f 2; exec $CMP '$A' '$B' --events '$d/ev.csv' >/dev/null"
expect_only "$d" ev-as-is.csv "--events that runs out of space"

# An invalid model writes nothing either, and keeps what was there.
printf 'wfsim: 1\nsteps: 3\n' >"$T/bad.yaml"
d=$T/invalid
mkdir "$d"
echo "old contents" >"$d/c.json"
expect_exit 2 "an invalid model" -- $CMP "$T/bad.yaml" "$B" --json "$d/c.json" --csv "$d/c.csv"
expect_only "$d" c.json "an invalid model"

# A read-only directory (root writes anywhere: skipped then).
if [ "$(id -u)" -ne 0 ]; then
	mkdir "$T/ro"
	chmod 555 "$T/ro"
	expect_exit 3 "JSON into a read-only directory" -- $CMP "$A" "$B" --json "$T/ro/x.json"
	[ -z "$(ls -A "$T/ro")" ] || fail "the read-only directory got files"
	chmod 755 "$T/ro"
else
	echo "running as root: the read-only directory case is skipped"
fi

# Output named like an input is refused (exit 1), however the path is spelt, for every output
# option and either model; the models stay as they were.
mkdir "$T/m"
cp "$A" "$T/m/a.yaml"
cp "$B" "$T/m/b.yaml"
ln -s a.yaml "$T/m/link.yaml"
ln "$T/m/b.yaml" "$T/m/hard.yaml"
for opt in --json --csv --events --report; do
	for target in "$T/m/a.yaml" "$T/m/b.yaml" "$T/m/../m/a.yaml" "$T/m/link.yaml" "$T/m/hard.yaml"; do
		expect_exit 1 "$opt over the model $(basename "$target")" -- \
		    $CMP "$T/m/a.yaml" "$T/m/b.yaml" "$opt" "$target"
		expect_grep "$T/err" "refusing to write output over the model" "$opt over a model: message"
	done
done
expect_exit 1 "run --json over its model" -- $WFSIM run -q -r 2 --horizon 5d "$T/m/a.yaml" --json "$T/m/a.yaml"
cmp -s "$A" "$T/m/a.yaml" || fail "the as-is model was changed"
cmp -s "$B" "$T/m/b.yaml" || fail "the to-be model was changed"
[ "$(ls -A "$T/m" | wc -l)" -eq 4 ] || fail "files appeared beside the models: $(ls -A "$T/m")"

# A file that worked is whole, ordinary (mode from the umask) and not left as a temporary.
d=$T/ok
mkdir "$d"
expect_exit 0 "every output at once" -- sh -c \
    "umask 022; exec $CMP '$A' '$B' --json '$d/c.json' --csv '$d/c.csv' --events '$d/ev.csv' --report '$d/r.html'"
for f in c.json c.csv ev-as-is.csv ev-to-be.csv r.html; do
	[ -s "$d/$f" ] || fail "$f missing or empty"
done
[ "$(ls -A "$d" | wc -l)" -eq 5 ] || fail "unexpected files: $(ls -A "$d")"
mode=$(stat -c %a "$d/c.json" 2>/dev/null)
[ -z "$mode" ] || [ "$mode" = 644 ] || fail "c.json has mode $mode, expected 644 under umask 022"
tail -c 2 "$d/c.json" | grep -q '}' || fail "c.json does not end with its closing brace"
finish
