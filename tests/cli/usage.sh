#!/bin/sh
# The command line itself: help, version, usage errors (exit 1) and their wording.
. "$SRCDIR/tests/cli/common.sh"

expect_exit 0 "--version" -- "$WFSIM" --version
expect_grep "$T/out" "^wfsim [0-9]" "--version prints the version"
expect_exit 0 "--help" -- "$WFSIM" --help
expect_grep "$T/out" "wfsim compare AS_IS TO_BE" "--help lists compare"
for c in check run compare plot; do
	expect_exit 0 "$c --help" -- "$WFSIM" $c --help
	expect_grep "$T/out" "usage: wfsim $c" "$c --help shows its usage"
done
expect_exit 1 "no command" -- "$WFSIM"
expect_exit 1 "unknown command" -- "$WFSIM" simulate x.yaml
expect_grep "$T/err" "unknown command 'simulate'" "unknown command is named"
expect_exit 1 "unknown option" -- "$WFSIM" run --frobnicate "$MODELS/support-asis.yaml"
expect_grep "$T/err" "unknown option '--frobnicate'" "unknown option is named"
expect_exit 1 "option of another command" -- "$WFSIM" check --json x.json "$MODELS/support-asis.yaml"
expect_grep "$T/err" "does not apply to 'check'" "misplaced option is explained"
expect_exit 1 "missing option value" -- "$WFSIM" run "$MODELS/support-asis.yaml" --seed
expect_exit 1 "compare needs two models" -- "$WFSIM" compare "$MODELS/support-asis.yaml"
expect_grep "$T/err" "two models" "compare's arity is explained"
expect_exit 1 "bad replications" -- "$WFSIM" run -r 0 "$MODELS/support-asis.yaml"
expect_exit 1 "too many replications" -- "$WFSIM" run -r 10001 "$MODELS/support-asis.yaml"
expect_grep "$T/err" "from 1 to 10000" "the bound on replications is said"
expect_exit 1 "bad seed" -- "$WFSIM" run -s -4 "$MODELS/support-asis.yaml"
expect_exit 1 "bad horizon" -- "$WFSIM" run --horizon 3x "$MODELS/support-asis.yaml"
expect_exit 1 "warm-up past the horizon" -- "$WFSIM" run --horizon 2d --warmup 3d "$MODELS/support-asis.yaml"
expect_exit 1 "bad thread count" -- "$WFSIM" run -j 0 "$MODELS/support-asis.yaml"
expect_exit 1 "plot without --out" -- "$WFSIM" plot x.json
expect_exit 2 "missing model file" -- "$WFSIM" check "$T/nonexistent.yaml"
expect_grep "$T/err" "nonexistent.yaml" "missing file is named"
finish
