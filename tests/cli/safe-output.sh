#!/bin/sh
# Output files appear whole or not at all: a write that fails leaves neither a partial file nor
# a temporary one, and an older file of that name is kept as it was; outputs never overwrite
# an input model.  What a name points at is respected: a device, a FIFO or a descriptor is
# written in place, a symlink's target is replaced and the link stays.  Every output location
# is checked before the simulation; a signal removes the temporary files and exits 128 + N.
# Devices, FIFOs and links are made inside $T: the machine's own /dev is never touched.
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
# ---------- what a name points at ----------
R="$WFSIM run -q -r 2 --horizon 3d --warmup 0 $A"
# Seconds: a bound that only a hang exceeds, and what "at once" may take; valgrind (make
# check-valgrind) runs some 50 times slower.
HANG=20
SOON=5
if [ -n "${WFSIM_VALGRIND:-}" ]; then
	HANG=600
	SOON=60
fi

# Character devices: twins of /dev/full and /dev/null, made here.
if mknod "$T/full" c 1 7 2>/dev/null && mknod "$T/null" c 1 3 2>/dev/null; then
	for opt in --json --csv --events; do
		expect_exit 3 "$opt into a full device" -- $R "$opt" "$T/full"
		expect_grep "$T/err" "cannot write '$T/full': No space left on device" "$opt into a full device: message"
		[ -c "$T/full" ] || { fail "$opt replaced the full device with a regular file"; rm -f "$T/full"; mknod "$T/full" c 1 7; }
	done
	expect_exit 0 "every output into a null device" -- $R --json "$T/null" --csv "$T/null" --events "$T/null"
	[ -c "$T/null" ] || fail "the null device was replaced"
	expect_exit 1 "compare --events into a device" -- $CMP "$A" "$B" --events "$T/null"
	expect_grep "$T/err" "needs a file name" "compare --events into a device: message"
	ls "$T" | grep -q 'null-' && fail "compare made files named after the device: $(ls "$T" | grep null-)"
else
	echo "cannot make device nodes here (not root?): the device cases are skipped"
fi

# compare writes two logs, named after --events: standard output has no name to derive from.
expect_exit 1 "compare --events -" -- $CMP "$A" "$B" --events -
ls -A | grep -q -e '^--as-is' -e '^--to-be' && fail "compare --events - made files named --as-is, --to-be"

# A FIFO read by another process: it stays a FIFO, and the reader gets the whole file.
mkfifo "$T/fifo"
timeout $HANG cat "$T/fifo" >"$T/fifo.out" &
reader=$!
expect_exit 0 "--json into a FIFO" -- timeout $HANG $R --json "$T/fifo"
wait $reader
[ -p "$T/fifo" ] || fail "the FIFO was replaced by a regular file"
tail -c 2 "$T/fifo.out" | grep -q '}' || fail "the FIFO's reader did not get the whole JSON"

# Inherited descriptors: written through, never reopened or renamed over.
expect_exit 0 "--json /dev/fd/3" -- sh -c "exec $R --json /dev/fd/3 3>'$T/fd3.json'"
tail -c 2 "$T/fd3.json" | grep -q '}' || fail "--json /dev/fd/3: the descriptor did not get the JSON"
ln -s /dev/stdout "$T/stdout-link"
expect_exit 0 "--json through a link to /dev/stdout" -- $R --json "$T/stdout-link"
grep -q 'Key figures' "$T/out" && tail -c 2 "$T/out" | grep -q '}' ||
	fail "--json via /dev/stdout: standard output lacks the tables followed by the JSON"
[ -L "$T/stdout-link" ] || fail "the link to /dev/stdout was replaced by a file"
expect_exit 3 "--json into a closed descriptor" -- $R --json /dev/fd/9
expect_grep "$T/err" "cannot write '/dev/fd/9'" "--json into a closed descriptor: message"

# Symlinks: relative, chained and dangling ones lead to files that are replaced (or made);
# the links stay links, and no temporary file stays beside either.
mkdir "$T/links" "$T/links/real"
echo "old contents" >"$T/links/real/r.json"
ln -s real/r.json "$T/links/rel.json"
ln -s "$T/links/rel.json" "$T/links/chain.json"
ln -s real/new.csv "$T/links/dangling.csv"
expect_exit 0 "outputs through symlinks" -- $R --json "$T/links/chain.json" --csv "$T/links/dangling.csv"
for l in rel.json chain.json dangling.csv; do
	[ -L "$T/links/$l" ] || fail "the symlink $l was replaced by a file"
done
tail -c 2 "$T/links/real/r.json" | grep -q '}' || fail "the target of the symlink chain was not rewritten"
[ -s "$T/links/real/new.csv" ] || fail "the target of the dangling symlink was not made"
[ "$(ls -A "$T/links/real" | tr '\n' ' ')" = "new.csv r.json " ] ||
	fail "symlinks: unexpected files beside the targets: $(ls -A "$T/links/real")"
ln -s loop2 "$T/links/loop1"
ln -s loop1 "$T/links/loop2"
expect_exit 3 "--json into a symlink loop" -- $R --json "$T/links/loop1"
expect_grep "$T/err" "symbolic links" "--json into a symlink loop: message"
[ -L "$T/links/loop1" ] || fail "the looping symlink was replaced"

# ---------- fail before the work ----------
# A bad output location is found before the simulation: nothing printed, no event log written
# (it is written during the simulation), and at once even when the run would be long.  /proc
# takes no new files, not even from root, whom access(2) would let pass.
d=$T/early
mkdir "$d"
for opt in "--json $T/missing/x.json" "--csv $T/missing/x.csv" "--plots $T/file/plots" "--json $T" \
    "--json /proc/wfsim-test.json" "--plots /proc/wfsim-test"; do
	expect_exit 3 "run $opt, with an event log" -- $R --events "$d/ev.csv" $opt
	expect_grep "$T/err" "cannot" "run $opt: message"
	[ -s "$T/out" ] && fail "run $opt: results were printed before the bad path was noticed"
	[ -z "$(ls -A "$d")" ] || { fail "run $opt: the event log was written first"; rm -f "$d"/*; }
done
t0=$(date +%s)
expect_exit 3 "a long compare with --report into a missing directory" -- \
    timeout $HANG $WFSIM compare -q -r 1000 --horizon 300d "$A" "$B" --report "$T/missing/r.html"
expect_grep "$T/err" "cannot write '$T/missing/r.html'" "a long compare with a bad --report: message"
[ $(( $(date +%s) - t0 )) -le $SOON ] || fail "a bad --report was noticed only after $(( $(date +%s) - t0 )) s"

# ---------- signals ----------
# SIGTERM, SIGINT and SIGHUP during a long run: the event log's temporary file is removed, the
# message says what was interrupted, and the exit code is 128 + the signal number.  A
# background job of sh ignores SIGINT, and wfsim keeps a signal ignored (as nohup wants), so
# env(1) restores the defaults where it can.
if env --default-signal=INT,HUP true 2>/dev/null; then
	DEFSIG="env --default-signal=INT,HUP"
	SIGS="TERM:15 INT:2 HUP:1"
else
	DEFSIG=
	SIGS="TERM:15"
	echo "env --default-signal is missing: only SIGTERM is sent"
fi
LONG="$WFSIM run -q -j 1 -r 1000 --horizon 300d $A"
# await PATTERN SECONDS: waits until a file matches, at most that long.
await() {
	n=0
	while ! ls $1 >/dev/null 2>&1 && [ $n -lt $(($2 * 10)) ]; do
		sleep 0.1
		n=$((n + 1))
	done
}
for s in $SIGS; do
	sig=${s%:*}
	num=${s#*:}
	d=$T/sig-$sig
	mkdir "$d"
	$DEFSIG $LONG --events "$d/ev.csv" --json "$d/r.json" >/dev/null 2>"$T/sig.err" &
	pid=$!
	await "$d/ev.csv.tmp*" $HANG
	sleep 1
	kill -"$sig" $pid
	wait $pid
	rc=$?
	checks=$((checks + 1))
	[ "$rc" -eq $((128 + num)) ] || fail "SIG$sig: exit $rc, expected $((128 + num))"
	[ -z "$(ls -A "$d")" ] || fail "SIG$sig: left behind: $(ls -A "$d")"
	grep -q "interrupted by SIG$sig while simulating '$A'" "$T/sig.err" ||
		fail "SIG$sig: no word of what was interrupted: $(cat "$T/sig.err")"
done

# A signal while gnuplot draws (a stand-in that writes half a picture and sleeps): gnuplot is
# stopped, and neither its pictures nor the report's temporary directory stay behind.
mkdir "$T/slowbin" "$T/tmp" "$T/sig-plot"
cat >"$T/slowbin/gnuplot" <<EOF
#!/bin/sh
echo \$\$ >"$T/gnuplot.pid"
echo half >".\${3%.gp}.tmp.png"
exec sleep 60
EOF
chmod +x "$T/slowbin/gnuplot"
for opt in "--report $T/sig-plot/r.html" "--plots $T/sig-plot/p"; do
	rm -f "$T/gnuplot.pid"
	PATH="$T/slowbin:$PATH" TMPDIR="$T/tmp" $CMP "$A" "$B" $opt >/dev/null 2>"$T/sig.err" &
	pid=$!
	await "$T/gnuplot.pid" $HANG
	sleep 0.2
	kill -TERM $pid
	wait $pid
	rc=$?
	checks=$((checks + 1))
	[ "$rc" -eq 143 ] || fail "SIGTERM while drawing ($opt): exit $rc, expected 143"
	left=$(find "$T/sig-plot" "$T/tmp" -mindepth 1 -name '*tmp*' -o -name 'wfsim-report*' | tr '\n' ' ')
	[ -z "$left" ] || fail "SIGTERM while drawing ($opt): left behind: $left"
	[ -s "$T/gnuplot.pid" ] && kill -0 "$(cat "$T/gnuplot.pid")" 2>/dev/null &&
		{ fail "SIGTERM while drawing ($opt): gnuplot still runs"; kill "$(cat "$T/gnuplot.pid")"; }
	expect_grep "$T/sig.err" "interrupted by SIGTERM while" "SIGTERM while drawing ($opt): message"
done

# ---------- plots: a figure gnuplot fails on ----------
# Drawn once, then redrawn by a gnuplot that fails on kpis: kpis has no picture any more
# (its data are new), every other figure is redrawn, and the message names kpis.
mkdir "$T/fakebin"
cat >"$T/fakebin/gnuplot" <<'EOF'
#!/bin/sh
# stand-in: "-e outbase='.NAME.tmp' NAME.gp"; fails on kpis, draws "new" pictures otherwise
case "$3" in kpis.gp) echo "\"kpis.gp\" line 3: no ink" >&2; exit 1 ;; esac
echo new >".${3%.gp}.tmp.png"
echo new >".${3%.gp}.tmp.svg"
EOF
chmod +x "$T/fakebin/gnuplot"
expect_exit 0 "results to redraw" -- $R --json "$T/redraw.json"
mkdir "$T/p"
for f in cycle-time kpis utilization wip where-time-goes; do
	echo old >"$T/p/$f.png"
	echo old >"$T/p/$f.svg"
done
expect_exit 3 "plots with a figure gnuplot fails on" -- env PATH="$T/fakebin:$PATH" $WFSIM plot "$T/redraw.json" --out "$T/p"
expect_grep "$T/err" "not redrawn (no picture now): kpis\$" "a failing figure: message"
for f in cycle-time kpis utilization wip where-time-goes; do
	for ext in png svg; do
		if [ "$f" = kpis ]; then
			[ -e "$T/p/$f.$ext" ] && fail "the stale $f.$ext stays beside new data"
		else
			[ "$(cat "$T/p/$f.$ext" 2>/dev/null)" = new ] || fail "$f.$ext was not redrawn after kpis failed"
		fi
	done
done
# Without gnuplot no picture is drawn, so none of the old ones may stay.  (A PATH without
# gnuplot, but with valgrind when make check-valgrind runs wfsim through it.)
mkdir "$T/nognuplot"
if command -v valgrind >/dev/null 2>&1; then
	printf '#!/bin/sh\nexec %s "$@"\n' "$(command -v valgrind)" >"$T/nognuplot/valgrind"
	chmod +x "$T/nognuplot/valgrind"
fi
expect_exit 3 "plots without gnuplot" -- env PATH="$T/nognuplot" $WFSIM plot "$T/redraw.json" --out "$T/p"
expect_grep "$T/err" "no pictures" "plots without gnuplot: message"
[ -z "$(ls "$T/p" | grep -e png -e svg)" ] || fail "old pictures stay without gnuplot: $(ls "$T/p" | grep -e png -e svg)"
finish
