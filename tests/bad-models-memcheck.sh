#!/bin/sh
# The bad-model corpus under valgrind: every error path of the loader must free what it
# allocated.  Skips (77) without valgrind.
MEMCHECK=1 exec sh "${SRCDIR:-$(cd "$(dirname "$0")/.." && pwd)}/tests/bad-models.sh"
