#!/bin/sh
# Installs what wfsim needs from Debian (only what is missing), then builds it in build/.
# Idempotent: a second run installs nothing and rebuilds only what changed.
# Usage: scripts/setup.sh [extra Debian packages...]
set -eu
cd "$(dirname "$0")/.."

need="build-essential autoconf automake pkg-config libgsl-dev libyaml-dev check gnuplot-nox $*"
missing=""
for p in $need; do
	dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed" || missing="$missing $p"
done
if [ -n "$missing" ]; then
	if [ "$(id -u)" -ne 0 ]; then
		echo "wfsim setup: missing Debian packages:$missing; run as root or install them" >&2
		exit 1
	fi
	echo "wfsim setup: installing$missing"
	export DEBIAN_FRONTEND=noninteractive
	apt-get update -qq
	apt-get install -y -qq --no-install-recommends $missing >/dev/null
fi

if [ ! -x configure ] || [ configure.ac -nt configure ]; then
	autoreconf -fi
fi
mkdir -p build
cd build
if [ ! -f Makefile ]; then
	../configure -q
fi
make -s -j"$(nproc)"
