# process: per step, the human minutes per arriving case as-is against to-be; steps the
# redesign added or removed are marked in their labels.  Values from wfsim: title, key_a,
# key_b, the tic labels `labels` (n_labels) and slant.  Data: process.dat; columns: row,
# as-is, to-be (NaN: no such step), change (0 kept, 1 added, -1 removed).
do for [fmt in formats] {
eval terminal(fmt)
set output outbase.".".fmt
reset
eval look
set title title
set ylabel "human minutes per arriving case"
set boxwidth 0.36
set style fill solid 0.9 noborder
set xtics scale 0
if (slant) { set xtics rotate by -30 left }
set xtics (); do for [i = 1:n_labels] { set xtics add (labels[i] i - 1) }
set xrange [-0.6:n_labels - 0.4]
set yrange [0:*]
set offsets 0,0,graph 0.1,0
eval key_under_title
# values of 100 and more without decimals: narrow bars leave no room for them
fmtv(v) = (v >= 100 ? sprintf("%.0f", v) : sprintf("%.1f", v))
plot 'process.dat' using ($1-0.19):2 with boxes lc rgb asis title key_a, \
  '' using ($1+0.19):3 with boxes lc rgb tobe title key_b, \
  '' using ($1-0.19):2:(fmtv($2)) with labels offset 0,0.7 font ",9" tc rgb asis notitle, \
  '' using ($1+0.19):3:(fmtv($3)) with labels offset 0,0.7 font ",9" tc rgb tobe notitle
unset output
}
