#!/bin/sh
# Prints how many distinct colours a PNG has, to tell a rendered page from a blank one.
# ImageMagick counts them exactly; a command named `convert` (or `magick`) counts only if it
# says it is ImageMagick and answers with a number, since stand-ins of that name exist.
# Without it, python3 counts the distinct bytes of the decompressed image data, a coarse
# stand-in (a blank page decompresses to one or two byte values).  Exits 77 with neither.
# Usage: tests/png-colours.sh FILE.png
png=${1:?usage: png-colours.sh FILE.png}

# imagemagick NAME: the first NAME on PATH that is ImageMagick, or nothing.
imagemagick() {
	old_ifs=$IFS
	IFS=:
	for dir in $PATH; do
		IFS=$old_ifs
		p=${dir:-.}/$1
		if [ -f "$p" ] && [ -x "$p" ] &&
		    "$p" -version 2>/dev/null | grep -q '^Version: ImageMagick '; then
			echo "$p"
			return
		fi
	done
	IFS=$old_ifs
}

for name in magick convert; do
	im=$(imagemagick "$name")
	[ -n "$im" ] || continue
	n=$("$im" "$png" -format %k info: 2>/dev/null)
	case $n in
	'' | *[!0-9]*) ;;
	*) echo "$n"; exit 0 ;;
	esac
done
if command -v python3 >/dev/null 2>&1; then
	python3 - "$png" <<'PY'
import sys, zlib, struct
d = open(sys.argv[1], 'rb').read()
i, idat = 8, b''
while i < len(d):
    n, t = struct.unpack('>I4s', d[i:i + 8])
    if t == b'IDAT':
        idat += d[i + 8:i + 8 + n]
    i += 12 + n
print(len(set(zlib.decompress(idat))))
PY
	exit $?
fi
echo "png-colours.sh: neither ImageMagick nor python3 to look at $png" >&2
exit 77
