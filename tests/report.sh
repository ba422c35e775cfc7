#!/bin/sh
# End to end: `wfsim compare --report FILE` writes one self-contained HTML page, and headless
# Chromium renders it to something that is not blank.  Skips (77) when Chromium is not
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
[ $fail -eq 0 ] || exit 1

chromium=
for c in chromium chromium-browser google-chrome google-chrome-stable; do
	if command -v "$c" >/dev/null 2>&1; then chromium=$c; break; fi
done
if [ -z "$chromium" ]; then
	echo "report.sh: skipped: Chromium is not installed, the page was not rendered"; exit 77
fi
(cd "$tmp" && timeout 120 "$chromium" --headless --no-sandbox --disable-gpu --disable-quic \
	--no-first-run --disable-background-networking --disable-component-update --disable-sync \
	--user-data-dir="$(mktemp -d "$tmp/profile.XXXXXX")" --screenshot="$tmp/shot.png" \
	--window-size=1200,2000 "file://$html" >/dev/null 2>&1)
if [ ! -s "$tmp/shot.png" ]; then
	echo "report.sh: FAIL: Chromium made no screenshot"; exit 1
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
echo "report.sh: rendered with $colours colours"
exit 0
