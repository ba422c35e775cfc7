#!/bin/sh
# End to end: `wfsim compare --report FILE` writes one self-contained HTML page, and headless
# Chromium renders it to something that is not blank; so too for the smallest model
# (tests/plots/one-clerk.yaml), whose figures are all drawn.  Skips (77) when Chromium is not
# installed.
: "${WFSIM:?}" "${SRCDIR:?}"
asis=$SRCDIR/models/support-asis.yaml
tobe=$SRCDIR/models/support-tobe.yaml


tmp=$(mktemp -d "${TMPDIR:-/tmp}/wfsim-report.XXXXXX") || exit 1
trap 'rm -rf "$tmp"' EXIT
html=$tmp/report.html

if ! "$WFSIM" compare "$asis" "$tobe" -r 3 --horizon 7d --warmup 0 -q --report "$html" \
	>"$tmp/out" 2>"$tmp/err"; then
	echo "report.sh: FAIL: wfsim compare --report failed:"; cat "$tmp/err"; exit 1
fi
fail=0
grep -q '</html>' "$html" || { echo "report.sh: FAIL: the page is not whole"; fail=1; }
# Self-contained: nothing to fetch, nothing to run.
if grep -q -i -e '<script' -e '<link' -e ' src=' -e '@import' "$html"; then
	echo "report.sh: FAIL: the page refers to something outside itself"; fail=1
fi
if command -v gnuplot >/dev/null 2>&1; then
	n=$(grep -c '<svg' "$html")
	[ "$n" -ge 6 ] || { echo "report.sh: FAIL: $n plots inline, want 6"; fail=1; }
else
	grep -q 'gnuplot is not installed' "$html" ||
		{ echo "report.sh: FAIL: no word about the missing gnuplot"; fail=1; }
fi
# The extreme model (one case type, one resource, a 2-day horizon): every figure of the
# page is drawn, none left "missing".
one=$SRCDIR/tests/plots/one-clerk.yaml
if ! "$WFSIM" compare "$one" "$one" -q --report "$tmp/one.html" >"$tmp/out" 2>"$tmp/err"; then
	echo "report.sh: FAIL: the report of one clerk:"; cat "$tmp/err"; fail=1
elif command -v gnuplot >/dev/null 2>&1; then
	if grep -q 'is missing\|could not be drawn' "$tmp/one.html"; then
		echo "report.sh: FAIL: a plot of one clerk is missing"; fail=1
	fi
fi
[ $fail -eq 0 ] || exit 1

chromium=
for c in chromium chromium-browser google-chrome google-chrome-stable; do
	if command -v "$c" >/dev/null 2>&1; then chromium=$c; break; fi
done
if [ -z "$chromium" ]; then
	echo "report.sh: skipped: Chromium is not installed, the page was not rendered"; exit 77
fi
# shot PNG HEIGHT HTML WHAT: a headless screenshot of the page, 1200 pixels wide
shot() {
	(cd "$tmp" && timeout 120 "$chromium" --headless --no-sandbox --disable-gpu --disable-quic \
		--no-first-run --disable-background-networking --disable-component-update \
		--disable-sync --user-data-dir="$(mktemp -d "$tmp/profile.XXXXXX")" \
		--screenshot="$1" --window-size=1200,"$2" "file://$3" >/dev/null 2>&1)
	if [ ! -s "$1" ]; then
		echo "report.sh: FAIL: Chromium made no screenshot$4"; exit 1
	fi
}
shot "$tmp/shot.png" 2000 "$html" ""
shot "$tmp/one.png" 6000 "$tmp/one.html" " of one clerk's report"
# WFSIM_KEEP_SHOTS=DIR keeps the screenshots, to look at the figures.
if [ -n "${WFSIM_KEEP_SHOTS:-}" ]; then
	cp "$tmp/shot.png" "$WFSIM_KEEP_SHOTS/report-support.png"
	cp "$tmp/one.png" "$WFSIM_KEEP_SHOTS/report-one-clerk.png"
fi

# Not blank: a rendered report has text and coloured plots, so many distinct colours.  The
# counter checks that a `convert` is really ImageMagick (stand-ins of that name exist).
colours=$(sh "$SRCDIR/tests/png-colours.sh" "$tmp/shot.png")
case $? in
0) ;;
77) echo "report.sh: skipped: neither ImageMagick nor python3 to look at the screenshot"; exit 77 ;;
*) echo "report.sh: FAIL: cannot count the colours of the screenshot"; exit 1 ;;
esac
if [ "${colours:-0}" -lt 16 ]; then
	echo "report.sh: FAIL: the rendered page looks blank ($colours colours)"; exit 1
fi
colours_one=$(sh "$SRCDIR/tests/png-colours.sh" "$tmp/one.png") || exit 1
if [ "${colours_one:-0}" -lt 16 ]; then
	echo "report.sh: FAIL: one clerk's page looks blank ($colours_one colours)"; exit 1
fi
echo "report.sh: rendered with $colours colours"
exit 0
