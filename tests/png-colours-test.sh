#!/bin/sh
# tests/png-colours.sh, which tells report.sh whether Chromium's screenshot is blank, must not
# believe a `convert` that is not ImageMagick: stand-ins of that name print something else
# (here "1", or a number after a notice), and a real picture must still count as colourful.
: "${SRCDIR:?}"
T=$(mktemp -d)
trap 'rm -rf "$T"' EXIT
fail=0
png=$SRCDIR/docs/cycle-time.png

mkdir "$T/fake1" "$T/fake2"
cat >"$T/fake1/convert" <<'EOS'
#!/bin/sh
# a stand-in that answers everything with "1"
echo 1
EOS
cat >"$T/fake2/convert" <<'EOS'
#!/bin/sh
# a stand-in that names ImageMagick only to say it is missing
case "$1" in -version) echo "convert: ImageMagick is not installed here"; exit 0 ;; esac
echo 1
EOS
cp "$T/fake1/convert" "$T/fake1/magick"
chmod +x "$T/fake1/convert" "$T/fake1/magick" "$T/fake2/convert"
for fake in fake1 fake2; do
	n=$(PATH="$T/$fake:$PATH" sh "$SRCDIR/tests/png-colours.sh" "$png")
	rc=$?
	if [ $rc -eq 77 ]; then
		echo "png-colours: no python3 and no ImageMagick: skipped"
		exit 77
	fi
	if [ $rc -ne 0 ] || [ "${n:-0}" -lt 16 ]; then
		echo "FAIL: with the $fake stand-in first on PATH, docs/cycle-time.png counts '$n' colours (exit $rc)"
		fail=1
	fi
done
echo "png-colours: docs/cycle-time.png has $n colours by $(
	PATH="$T/fake2:$PATH"; for d in $(echo "$PATH" | tr : ' '); do
	[ -x "$d/convert" ] && "$d/convert" -version 2>/dev/null | grep -q '^Version: ImageMagick ' && { echo "ImageMagick"; exit; }
	done; echo python3)"
exit $fail
