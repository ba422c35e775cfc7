#!/bin/sh
# A style directory (--plot-style DIR, or WFSIM_PLOT_STYLE) restyles every figure: its
# style.gp with other as-is and to-be colours gives every figure of a comparison, and a
# sweep's, the new colours and none of the old; a template in DIR replaces the bundled one;
# a directory that is not there is an error.  Skips (77) without gnuplot.
: "${WFSIM:?}" "${SRCDIR:?}"
asis=$SRCDIR/models/support-asis.yaml
tobe=$SRCDIR/models/support-tobe.yaml

if ! command -v gnuplot >/dev/null 2>&1; then
	echo "plot-style.sh: skipped: gnuplot is not installed"; exit 77
fi
tmp=$(mktemp -d "${TMPDIR:-/tmp}/wfsim-style.XXXXXX") || exit 1
trap 'rm -rf "$tmp"' EXIT
fail=0
figures=$(sed -n 's/^	{ "\([a-z0-9-]*\)", WF_FIG_\(ALWAYS\|PAIR\),.*/\1/p' "$SRCDIR/src/figures.c")

# Company colours: as-is green, to-be purple (both sides appear in every figure but the
# time saved, which is to-be coloured).
mkdir "$tmp/house"
sed -e 's/^asis = "#5b7da8"; asis_lt = "#c5d3e6"$/asis = "#00a651"; asis_lt = "#a8e0c0"/' \
    -e 's/^tobe = "#d9480f"; tobe_lt = "#f8b995"$/tobe = "#7b2d8e"; tobe_lt = "#d7b8e0"/' \
    "$SRCDIR/plots/style.gp" >"$tmp/house/style.gp"
if cmp -s "$SRCDIR/plots/style.gp" "$tmp/house/style.gp"; then
	echo "plot-style.sh: FAIL: the colours of plots/style.gp were not found to change"; exit 1
fi

if ! "$WFSIM" compare "$asis" "$tobe" -r 3 --horizon 14d --warmup 0 -q --plots "$tmp/p" \
	--plot-style "$tmp/house" >/dev/null 2>"$tmp/err"; then
	echo "plot-style.sh: FAIL: compare --plot-style failed:"; cat "$tmp/err"; exit 1
fi

# has FILE.png TOL R G B: 0 when at least 20 pixels (a line or a bar, not a stray edge pixel
# where two colours blend) are within TOL of (R, G, B) in each channel, by ImageMagick's
# histogram; 2 without it.  A new colour is looked for loosely (35: bars drawn 85% solid blend
# some white in), an old one strictly (8: two new colours blended can come near it).
im=
for c in magick convert; do
	p=$(command -v $c 2>/dev/null) || continue
	"$p" -version 2>/dev/null | grep -q '^Version: ImageMagick ' && { im=$p; break; }
done
has() {
	[ -n "$im" ] || return 2
	"$im" "$1" -alpha off -format %c histogram:info:- 2>/dev/null |
		awk -v t="$2" -v r="$3" -v g="$4" -v b="$5" '
		function d(x, y) { return x > y ? x - y : y - x }
		{ if (match($0, /\( *[0-9]+, *[0-9]+, *[0-9]+/)) {
			split(substr($0, RSTART + 1, RLENGTH - 1), c, ",")
			if (d(c[1], r) <= t && d(c[2], g) <= t && d(c[3], b) <= t) n += $1 } }
		END { exit !(n >= 20) }'
}
# svg_has FILE.svg R G B: gnuplot writes a colour as rgb(R, G, B), spaced to width 3.
svg_has() {
	tr -d ' ' <"$1" | grep -q "rgb($2,$3,$4)"
}

for f in $figures; do
	svg=$tmp/p/$f.svg
	png=$tmp/p/$f.png
	svg_has "$svg" 123 45 142 || { echo "plot-style.sh: FAIL: $f.svg lacks the new to-be colour"; fail=1; }
	if svg_has "$svg" 217 72 15 || svg_has "$svg" 91 125 168; then
		echo "plot-style.sh: FAIL: $f.svg still has a bundled colour"; fail=1
	fi
	[ -n "$im" ] || continue
	has "$png" 35 123 45 142 || { echo "plot-style.sh: FAIL: $f.png has no pixel of the new to-be colour"; fail=1; }
	if has "$png" 8 217 72 15 || has "$png" 8 91 125 168; then
		echo "plot-style.sh: FAIL: $f.png still has pixels of a bundled colour"; fail=1
	fi
	if [ "$f" != time-saved ] && ! has "$png" 35 0 166 81; then
		echo "plot-style.sh: FAIL: $f.png has no pixel of the new as-is colour"; fail=1
	fi
done
[ -n "$im" ] || echo "plot-style.sh: note: no ImageMagick, the PNGs' pixels were not looked at"

# The written script carries the style: it redraws in the house colours on its own.
mkdir "$tmp/again" && cp "$tmp/p/kpis.dat" "$tmp/p/kpis.gp" "$tmp/again/"
(cd "$tmp/again" && gnuplot kpis.gp) && svg_has "$tmp/again/kpis.svg" 123 45 142 ||
	{ echo "plot-style.sh: FAIL: gnuplot kpis.gp alone does not draw in the house colours"; fail=1; }

# The environment variable does the same, and a sweep follows the style too.
if ! WFSIM_PLOT_STYLE=$tmp/house "$WFSIM" sweep "$asis" "$tobe" -r 2 --horizon 14d --warmup 0 -q \
	--vary resources.agents.capacity=14,18 --vary steps.ai_draft.error=0.05,0.3 \
	--plots "$tmp/s" >/dev/null 2>"$tmp/err"; then
	echo "plot-style.sh: FAIL: sweep with WFSIM_PLOT_STYLE failed:"; cat "$tmp/err"; fail=1
else
	svg_has "$tmp/s/sweep.svg" 0 166 81 ||
		{ echo "plot-style.sh: FAIL: sweep.svg ignores the style"; fail=1; }
fi

# A template of the same name replaces the bundled one.
sed 's/^set ylabel "busy share of available time (%)"$/set ylabel "Auslastung (%)"/' \
	"$SRCDIR/plots/utilization.gp" >"$tmp/house/utilization.gp"
"$WFSIM" compare "$asis" "$tobe" -r 2 --horizon 7d --warmup 0 -q --plots "$tmp/t" \
	--plot-style "$tmp/house" >/dev/null 2>&1
grep -q 'Auslastung' "$tmp/t/utilization.gp" && grep -q 'Auslastung' "$tmp/t/utilization.svg" ||
	{ echo "plot-style.sh: FAIL: utilization.gp in the style directory not used"; fail=1; }

# A style directory that is not there is said, not silently ignored (exit 3), and before
# the simulation, like every other output: no JSON is written.
"$WFSIM" compare "$asis" "$tobe" -r 2 --horizon 7d --warmup 0 -q --plots "$tmp/n" \
	--json "$tmp/n.json" --plot-style "$tmp/nowhere" >/dev/null 2>"$tmp/err"
rc=$?
[ $rc -eq 3 ] && grep -q "plot style '$tmp/nowhere' (--plot-style or \$WFSIM_PLOT_STYLE) is not a directory" "$tmp/err" ||
	{ echo "plot-style.sh: FAIL: a missing style directory: exit $rc"; cat "$tmp/err"; fail=1; }
[ ! -e "$tmp/n.json" ] && ! grep -q simulating "$tmp/err" ||
	{ echo "plot-style.sh: FAIL: a missing style directory found only after simulating"; fail=1; }
exit $fail
