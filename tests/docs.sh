#!/bin/sh
# The reference keeps up with the code: every key the model loader accepts, every
# distribution and parameter is in docs/model-format.md; every figure and setting a run
# writes to JSON is in docs/metrics.md or docs/outputs.md.  A key added to the code without
# a word in the docs fails here.
. "$SRCDIR/tests/cli/common.sh"

FORMAT=$SRCDIR/docs/model-format.md
METRICS=$SRCDIR/docs/metrics.md
OUTPUTS=$SRCDIR/docs/outputs.md

# documented FILE NAME WHAT: the name appears in the page as `NAME` (or `NAME: ...`).
documented() {
	checks=$((checks + 1))
	grep -q -e "\`$2\`" -e "\`$2:" "$1" || fail "$3 '$2' is not described in docs/$(basename "$1")"
}

# The keys of every mapping the loader reads: its `keys[] = { "a", "b", ... }` tables (some
# span two lines) and the windows' days/hours/capacity/rate.
awk '/keys\[\] = \{/ { on = 1 } on { print } on && /\};/ { on = 0 }' \
	"$SRCDIR/src/model-load.c" "$SRCDIR/src/model-util.c" |
	grep -o '"[a-z_][a-z_]*"' | tr -d '"' | sort -u >"$T/keys"
echo capacity >>"$T/keys"
echo rate >>"$T/keys"
checks=$((checks + 1))
[ "$(wc -l <"$T/keys")" -ge 40 ] || fail "found only $(wc -l <"$T/keys") loader keys: has src/model-load.c changed shape?"
while read -r k; do
	documented "$FORMAT" "$k" "model key"
done <"$T/keys"

# Distributions and their parameters, from the tables in src/dist.c.
grep -o '^	{ "[a-z]*", *WF_DIST_' "$SRCDIR/src/dist.c" | grep -o '"[a-z]*"' | tr -d '"' >"$T/dists"
grep -o '{ "[a-z]*", WF_PARAM_' "$SRCDIR/src/dist.c" | grep -o '"[a-z]*"' | tr -d '"' >>"$T/dists"
checks=$((checks + 1))
[ "$(wc -l <"$T/dists")" -ge 20 ] || fail "found only $(wc -l <"$T/dists") distributions and parameters in src/dist.c"
while read -r d; do
	documented "$FORMAT" "$d" "distribution or parameter"
done <"$T/dists"

# Every key of a run's JSON that names a figure or a setting.
expect_exit 0 "a short run writes JSON" -- "$WFSIM" run "$SRCDIR/models/support-asis.yaml" \
	-r 2 --warmup 0 --horizon 7d -q --json "$T/r.json"
sed -n '/^  "metrics": {/,/^  },/p' "$T/r.json" | grep -o '^    "[a-z_0-9]*"' | tr -d ' "' >"$T/metrics"
checks=$((checks + 1))
[ "$(wc -l <"$T/metrics")" -ge 15 ] || fail "found only $(wc -l <"$T/metrics") metrics in the JSON"
while read -r k; do
	documented "$METRICS" "$k" "metric"
done <"$T/metrics"
# per resource, step and outcome: every key after the item's own name
sed -n '/^  "resources": {/,/^  "capacity"/p' "$T/r.json" | grep '^    "' |
	while read -r line; do
		echo "$line" | grep -o '"[a-z_]*": [{"]' | tail -n +2 | grep -o '"[a-z_]*"' | tr -d '"'
	done | grep -v -x -e mean -e ci95 -e sd -e unit | sort -u >"$T/items"
checks=$((checks + 1))
[ "$(wc -l <"$T/items")" -ge 6 ] || fail "found only $(wc -l <"$T/items") per-item keys in the JSON"
while read -r k; do
	documented "$METRICS" "$k" "per-item figure"
done <"$T/items"
grep -o '^  "settings": {.*' "$T/r.json" | grep -o '"[a-z_]*":' | tr -d '":' | grep -v -x settings >"$T/settings"
while read -r k; do
	documented "$OUTPUTS" "$k" "setting"
done <"$T/settings"

# Every key of a comparison's economics and process_diff.
expect_exit 0 "a short compare writes JSON" -- "$WFSIM" compare "$SRCDIR/models/support-asis.yaml" \
	"$SRCDIR/models/support-tobe.yaml" -r 2 --warmup 0 --horizon 7d -q --json "$T/c.json"
sed -n '/^  "economics": {/,/^  }/p' "$T/c.json" | grep -o '^    "[a-z_0-9]*"' | tr -d ' "' >"$T/econ"
checks=$((checks + 1))
[ "$(wc -l <"$T/econ")" -ge 15 ] || fail "found only $(wc -l <"$T/econ") economics keys in the compare JSON"
while read -r k; do
	checks=$((checks + 1))
	grep -q -e "\`$k\`" -e "\`$k:" "$METRICS" "$OUTPUTS" ||
		fail "economics key '$k' is described neither in docs/metrics.md nor in docs/outputs.md"
done <"$T/econ"
sed -n '/^  "process_diff": {/,$p' "$T/c.json" | grep -o '"[a-z_]*":' | tr -d '":' | sort -u >"$T/pd"
while read -r k; do
	documented "$OUTPUTS" "$k" "process_diff key"
done <"$T/pd"
finish
