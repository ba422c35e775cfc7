#!/bin/sh
# `--set PATH=VALUE`: the same bytes as an edited copy of the file; errors located in the
# override, with what was expected and a did-you-mean.
. "$SRCDIR/tests/cli/common.sh"
A=$MODELS/support-asis.yaml
B=$MODELS/support-tobe.yaml
OPTS="-q -r 3 --horizon 8d --warmup 1d"

# The JSON names the model's file, so both runs read a copy under the same name: first with
# the overrides, then edited to say the same.
cp "$B" "$T/m.yaml"
expect_exit 0 "run with --set" -- $WFSIM run $OPTS "$T/m.yaml" --json "$T/set.json" \
	--set resources.agents.capacity=5 --set 'steps.ai_draft.error=0.05' \
	--set 'steps.resolve.duration={dist: exponential, mean: 20m}' --set arrivals.rate=160/d
sed -e 's/^\(  agents: *{ capacity: \)4,/\15,/' -e 's/^\(    error: \)0.08 /\10.05 /' \
    -e 's/^\(  rate: \)150\/d/\1160\/d/' \
    -e 's/^\(    duration: \){ dist: lognormal, mean: 25m, sd: 10m }/\1{dist: exponential, mean: 20m}/' \
    "$B" >"$T/m.yaml"
[ "$(diff "$B" "$T/m.yaml" | grep -c '^>')" -eq 4 ] || fail "the edited copy changes four lines"
expect_exit 0 "run the edited copy" -- $WFSIM run $OPTS "$T/m.yaml" --json "$T/edit.json"
cmp -s "$T/set.json" "$T/edit.json" || fail "run --set and the edited file differ"
checks=$((checks + 1))

# compare: --set-to-be on one side only, --set on both (keys the file leaves out are added).
cp "$B" "$T/m.yaml"
expect_exit 0 "compare with --set-to-be and --set" -- $WFSIM compare $OPTS "$A" "$T/m.yaml" \
	--json "$T/cset.json" --set-to-be resources.agents.capacity=5 --set simulation.seed=11
sed -e 's/^\(  agents: *{ capacity: \)4,/\15,/' "$B" >"$T/m.yaml"
expect_exit 0 "compare the edited copy" -- $WFSIM compare $OPTS -s 11 "$A" "$T/m.yaml" --json "$T/cedit.json"
cmp -s "$T/cset.json" "$T/cedit.json" || fail "compare --set-to-be and the edited file differ"
checks=$((checks + 1))
expect_exit 0 "--set-as-is changes only the as-is" -- $WFSIM compare $OPTS "$A" "$B" \
	--set-as-is resources.agents.capacity=17
expect_grep "$T/out" "FTE freed .*29.0 FTE rostered .*14.0 FTE rostered" "the as-is has one agent more"
expect_exit 0 "economics.per_month on both" -- $WFSIM compare $OPTS "$A" "$B" \
	--set economics.per_month=6000 --json "$T/e.json"
expect_grep "$T/e.json" '"running_cost_per_year": { "as_is": 72000, "to_be": 72000' "the running cost follows the override"

# Errors: exact, located in the override, exit 2 (usage errors 1).
expect_exit 2 "a step that does not exist" -- $WFSIM check --set steps.ai_drat.error=0.05 "$B"
cat >"$T/want" <<'E'
--set steps.ai_drat.error:1:7: error: no item with id 'ai_drat' in 'steps'; did you mean 'ai_draft'?
  steps.ai_drat.error=0.05
        ^
E
cmp -s "$T/err" "$T/want" || { fail "unknown step id message"; cat "$T/err"; }
expect_exit 2 "a resource that does not exist" -- $WFSIM run $OPTS --set resources.agnts.capacity=3 "$B"
expect_grep "$T/err" "^--set resources.agnts.capacity:1:11: error: no 'agnts' in 'resources'; did you mean 'agents'?$" \
	"unknown resource, with a hint"
expect_exit 2 "a value of the wrong kind" -- $WFSIM check --set resources.agents.capacity=many "$B"
cat >"$T/want" <<'E'
--set resources.agents.capacity:1:27: error: 'capacity' must be a positive integer or 'unlimited', got 'many'
  resources.agents.capacity=many
                            ^
E
cmp -s "$T/err" "$T/want" || { fail "wrong value message"; cat "$T/err"; }
expect_exit 2 "a key the model does not know" -- $WFSIM check --set simulation.replicatons=50 "$B"
expect_grep "$T/err" "^--set simulation.replicatons:1:12: error: unknown key 'replicatons' in 'simulation'; did you mean 'replications'?" \
	"unknown key, located in the path"
expect_exit 2 "a distribution in flow style, misspelt" -- $WFSIM check \
	--set 'steps.resolve.duration={dist: exponental, mean: 5m}' "$B"
expect_grep "$T/err" "^--set steps.resolve.duration:1:31: error: unknown distribution 'exponental'; did you mean 'exponential'?" \
	"a distribution's error points into the value"
expect_exit 2 "a path through a single value" -- $WFSIM check --set name.first=x "$B"
expect_grep "$T/err" "^--set name.first:1:6: error: 'name' is a single value in the model, not a mapping: it has no 'first'" \
	"path through a scalar"
expect_exit 2 "a list position past the end" -- $WFSIM check --set steps.9.error=0.1 "$B"
expect_grep "$T/err" "no item 9 in 'steps': it is a list of 7, counted from 0" "list position"
expect_exit 2 "unclosed flow value" -- $WFSIM check --set 'steps.resolve.duration={dist: constant' "$B"
expect_grep "$T/err" "^--set steps.resolve.duration:1:" "a syntax error stays on the override's line"
expect_exit 1 "no '='" -- $WFSIM check --set resources "$B"
expect_grep "$T/err" "^wfsim: --set: 'resources' is not PATH=VALUE" "no '=' is a usage error"
expect_exit 1 "--set-to-be is for compare" -- $WFSIM run --set-to-be a=1 "$B"
# A list position and a step addressed by id say the same.
expect_exit 0 "a list position" -- $WFSIM check --allow-overload --set steps.1.route.0.to=escalate "$B"
expect_grep "$T/out" "ai_draft 0.00" "the route entry was changed"
finish
