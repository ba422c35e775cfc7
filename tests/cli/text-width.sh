#!/bin/sh
# Text tables pad names by their width on screen, not by bytes: "Prüfer" (7 bytes, 6 columns)
# lines up with "Gutachter", a combining accent takes no column, "審査員" takes two a letter;
# a name too long for its column is cut between letters; bytes that are not UTF-8 (which a
# trace file can bring in as attribute values; YAML refuses them) count one column each.
. "$SRCDIR/tests/cli/common.sh"

cat >"$T/m.yaml" <<'YAML'
wfsim: 1
name: Prüfung
time_unit: minutes
resources:
  Prüfer: { capacity: 2 }
  Gutachter: { capacity: 2 }
  審査員: { capacity: 2 }
  "Se\u0301ora": { capacity: 2 }
arrivals:
  rate: 10/h
steps:
  - id: Übergabe an das Gremium für Prüfungsfälle 審査審査審査審査審査
    resource: Prüfer
    duration: 3m
  - id: Begutachtung
    resource: Gutachter
    duration: 3m
  - id: 審査
    resource: 審査員
    duration: 3m
  - id: Révision
    resource: "Se\u0301ora"
    duration: 3m
YAML

expect_exit 0 "check a model with German, accented and Japanese names" -- "$WFSIM" check "$T/m.yaml"
expect_line "$T/out" "  resource           kind    servers    offered  utilisation" "check's pool table: heading"
expect_line "$T/out" "  Prüfer            human       2.00       0.50        25.0%" "check: Prüfer padded to 16 columns"
expect_line "$T/out" "  Gutachter         human       2.00       0.50        25.0%" "check: Gutachter padded to 16 columns"
expect_line "$T/out" "  審査員            human       2.00       0.50        25.0%" "check: 審査員 is 6 columns wide"
expect_line "$T/out" "$(printf '  Se\314\201ora             human       2.00       0.50        25.0%%')" \
	"check: a combining accent (e + U+0301) takes no column"

expect_exit 0 "run the same model" -- "$WFSIM" run "$T/m.yaml" -r 1 -q --horizon 7d
expect_line "$T/out" "  Prüfer     human  25.2% ± 0.0        0.02          85             0.0" "run: Prüfer in the pool table"
expect_line "$T/out" "  Gutachter  human  25.2% ± 0.0        0.00          85             0.0" "run: Gutachter in the pool table"
expect_line "$T/out" "  審査員     human  25.2% ± 0.0        0.00          85             0.0" "run: 審査員 in the pool table"
expect_line "$T/out" "$(printf '  Se\314\201ora      human  25.2%% \302\261 0.0        0.00          85             0.0')" \
	"run: Se\u0301ora in the pool table"
# The long step name is cut to the label's 63 bytes, which would fall inside the third 審:
# the cut goes before it, and the columns still line up.
expect_line "$T/out" "  step                                                  visits/case  mean wait  mean service" "run: steps heading as wide as the longest name"
expect_line "$T/out" "  Übergabe an das Gremium für Prüfungsfälle 審査審査審         1.00     7.24 s         3 min" "run: a long name cut between letters"
expect_line "$T/out" "  審査                                                         1.00        0 s         3 min" "run: a short Japanese name"
expect_line "$T/out" "  Révision                                                     1.00        0 s         3 min" "run: an accented name"

# Bytes that are not UTF-8 cannot come through YAML: the loader says where they are.
printf 'wfsim: 1\nresources:\n  Pr\374fer: { capacity: 2 }\n' >"$T/latin1.yaml"
expect_exit 2 "a Latin-1 model is refused" -- "$WFSIM" check "$T/latin1.yaml"
expect_grep "$T/err" "latin1.yaml:3:5: error: invalid yaml: invalid leading UTF-8 octet (byte 0xfc)" \
	"the first byte that is not UTF-8 is located"

# The caret under an error stands under the fault however wide the characters before it.
printf 'wfsim: 1\nresources:\n  \345\257\251\346\237\273\345\223\241: { capacity: x }\n  Se\314\201ora: { capacity: y }\n' >"$T/caret.yaml"
expect_exit 2 "bad values after wide and combining names" -- "$WFSIM" check "$T/caret.yaml"
# caret_after SOURCE-LINE: the line printed under it
caret_after() {
	awk -v src="$1" 'found { print; exit } $0 == src { found = 1 }' "$T/err"
}
checks=$((checks + 1))
[ "$(caret_after "    審査員: { capacity: x }")" = "                        ^" ] ||
	fail "the caret under the x: 審査員 takes 6 columns: got '$(caret_after "    審査員: { capacity: x }")'"
checks=$((checks + 1))
src=$(printf '    Se\314\201ora: { capacity: y }')
[ "$(caret_after "$src")" = "                       ^" ] ||
	fail "the caret under the y: the accent takes no column: got '$(caret_after "$src")'"

# A trace column becomes an attribute with the values found, bytes as they are: a value
# ending in 0xFF 0xC3 (not UTF-8) is shown whole, one column a byte, and nothing crashes.
{
	printf 'arrived,Kanal\n'
	i=0
	while [ $i -lt 200 ]; do
		if [ $((i % 2)) -eq 0 ]; then printf '%d,Brief\n' $((i * 30)); else printf '%d,Post\377\303\n' $((i * 30)); fi
		i=$((i + 1))
	done
} >"$T/trace.csv"
cat >"$T/t.yaml" <<'YAML'
wfsim: 1
time_unit: minutes
resources:
  Prüfer: { capacity: 2 }
arrivals:
  trace: trace.csv
steps:
  - id: Vorprüfung
    resource: Prüfer
    duration: 6m
YAML
expect_exit 0 "a trace with bytes that are not UTF-8" -- "$WFSIM" run "$T/t.yaml" -r 1 -q --horizon 7d
expect_line "$T/out" "  Kanal=Brief              6 min            6 min       6 min       0.0%         n/a" \
	"the valid segment is padded to the invalid one's width"
expect_line "$T/out" "$(printf '  Kanal=Post\377\303             6 min            6 min       6 min       0.0%%         n/a')" \
	"the invalid bytes are kept and count one column each"
finish
