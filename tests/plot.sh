#!/bin/sh
# End to end: `wfsim compare --plots DIR` on the bundled models (and the smallest one, in
# tests/plots/) draws every figure as a real PNG and an SVG that parses as XML; `wfsim plot
# RESULTS.json --out DIR` draws them again from saved results.  Skips (77) without gnuplot.
: "${WFSIM:?}" "${SRCDIR:?}"
asis=$SRCDIR/models/support-asis.yaml
tobe=$SRCDIR/models/support-tobe.yaml
# The figures of a comparison, from the one list of figures (src/figures.c: a row starts with
# `{ "NAME", WF_FIG_WHEN,`); the sweep's figures are tested by tests/cli/sweep.sh.
figures=$(sed -n 's/^	{ "\([a-z0-9-]*\)", WF_FIG_\(ALWAYS\|PAIR\),.*/\1/p' "$SRCDIR/src/figures.c")

case $figures in
*cycle-time*kpis*) ;;
*) echo "plot.sh: FAIL: no figures read from src/figures.c: '$figures'"; exit 1 ;;
esac
# Every figure has its template in plots/, installed with the program.
for f in $figures style empty; do
	[ -s "$SRCDIR/plots/$f.gp" ] || { echo "plot.sh: FAIL: no template plots/$f.gp"; exit 1; }
done

if ! command -v gnuplot >/dev/null 2>&1; then
	echo "plot.sh: skipped: gnuplot is not installed"; exit 77
fi

tmp=$(mktemp -d "${TMPDIR:-/tmp}/wfsim-plot.XXXXXX") || exit 1
trap 'rm -rf "$tmp"' EXIT
fail=0

# PNG: the 8-byte signature 89 50 4E 47 0D 0A 1A 0A.
png_ok() {
	[ "$(od -An -tx1 -N8 "$1" | tr -d ' \n')" = "89504e470d0a1a0a" ]
}

if command -v xmllint >/dev/null 2>&1; then
	xml_ok() { xmllint --noout "$1"; }
elif command -v python3 >/dev/null 2>&1; then
	xml_ok() { python3 -c 'import xml.dom.minidom,sys; xml.dom.minidom.parse(sys.argv[1])' "$1"; }
else
	echo "plot.sh: note: neither xmllint nor python3: SVGs are not parsed"
	xml_ok() { grep -q '</svg>' "$1"; }
fi

check_dir() {
	for f in $figures; do
		for ext in dat gp png svg; do
			if [ ! -s "$1/$f.$ext" ]; then
				echo "plot.sh: FAIL: $1/$f.$ext missing or empty"; fail=1
			fi
		done
		if [ -s "$1/$f.png" ] && ! png_ok "$1/$f.png"; then
			echo "plot.sh: FAIL: $1/$f.png is not a PNG"; fail=1
		fi
		if [ -s "$1/$f.svg" ] && ! xml_ok "$1/$f.svg"; then
			echo "plot.sh: FAIL: $1/$f.svg is not well-formed XML"; fail=1
		fi
	done
	# Files appear whole or not at all: no temporary file is left behind.
	for t in "$1"/.[!.]*; do
		if [ -e "$t" ]; then
			echo "plot.sh: FAIL: temporary file left: $t"; fail=1
		fi
	done
}

if ! "$WFSIM" compare "$asis" "$tobe" -r 3 --horizon 7d --warmup 0 -q --plots "$tmp/plots" \
	--json "$tmp/results.json" >"$tmp/out" 2>"$tmp/err"; then
	echo "plot.sh: FAIL: wfsim compare --plots failed:"; cat "$tmp/err"; exit 1
fi
check_dir "$tmp/plots"

# The scripts are for people to rerun: `gnuplot NAME.gp` in the directory draws NAME.png.
mkdir "$tmp/again" && cp "$tmp/plots/kpis.dat" "$tmp/plots/kpis.gp" "$tmp/again/"
if ! (cd "$tmp/again" && gnuplot kpis.gp) || ! png_ok "$tmp/again/kpis.png"; then
	echo "plot.sh: FAIL: gnuplot kpis.gp does not draw kpis.png"; fail=1
fi

# Every bundled pair draws every figure (gnuplot fails on none of them), and so does the
# smallest model, alone and against itself.
for pair in claims invoices afterhours; do
	if ! "$WFSIM" compare "$SRCDIR/models/$pair-asis.yaml" "$SRCDIR/models/$pair-tobe.yaml" -r 2 \
		--horizon 14d --warmup 0 -q --plots "$tmp/$pair" >"$tmp/out" 2>"$tmp/err"; then
		echo "plot.sh: FAIL: $pair:"; cat "$tmp/err"; fail=1
	else
		check_dir "$tmp/$pair"
	fi
done
one=$SRCDIR/tests/plots/one-clerk.yaml
if ! "$WFSIM" compare "$one" "$one" -q --plots "$tmp/one" 2>"$tmp/err" >/dev/null; then
	echo "plot.sh: FAIL: one clerk:"; cat "$tmp/err"; fail=1
else
	check_dir "$tmp/one"
fi

# Drawn again from the saved JSON, when `wfsim plot` is there.
if "$WFSIM" plot --help >/dev/null 2>&1; then
	if "$WFSIM" plot "$tmp/results.json" --out "$tmp/replot" 2>"$tmp/err"; then
		check_dir "$tmp/replot"
		# the process difference comes back from the JSON: the same steps, the same minutes
		if ! cmp -s "$tmp/plots/process.dat" "$tmp/replot/process.dat"; then
			echo "plot.sh: FAIL: process.dat drawn from the JSON differs"; fail=1
		fi
	else
		echo "plot.sh: FAIL: wfsim plot failed:"; cat "$tmp/err"; fail=1
	fi
fi
exit $fail
