# utilization: the busy share of each resource's available time, with 95% CIs; the red line
# is 100% busy.  Values from wfsim: title, pair, key_a, key_b, ytop, the tic labels
# `labels` (n_labels of them) and slant (1: slanted tic labels).  Data: utilization.dat;
# columns: row, as-is mean, CI, to-be mean, CI (NaN: the model has no such resource).
do for [fmt in formats] {
eval terminal(fmt)
set output outbase.".".fmt
reset
eval look
set title title
set ylabel "busy share of available time (%)"
set boxwidth (pair ? 0.36 : 0.6)
set style fill solid 0.9 noborder
set xtics scale 0
if (slant) { set xtics rotate by -30 left }
set xtics (); do for [i = 1:n_labels] { set xtics add (labels[i] i - 1) }
set xrange [-0.6:(n_labels > 0 ? n_labels : 1) - 0.4]
set key top right opaque
set yrange [0:ytop]
set arrow from graph 0, first 100 to graph 1, first 100 nohead dt 2 lw 2 lc rgb alarm front
set label "100% busy" at graph 0.005, first 100 offset 0,0.6 textcolor rgb alarm
off = (pair ? 0.19 : 0)
if (pair) {
	plot 'utilization.dat' using ($1-off):2 with boxes lc rgb asis title key_a, \
	  '' using ($1-off):($2-$3):(0):(2*$3) with vectors heads size screen 0.008,90 lw 1.5 lc rgb "#222222" notitle, \
	  '' using ($1-off):($2+$3):(sprintf("%.0f%%", $2)) with labels offset 0,0.7 font ",10" tc rgb asis notitle, \
	  '' using ($1+off):4 with boxes lc rgb tobe title key_b, \
	  '' using ($1+off):($4-$5):(0):(2*$5) with vectors heads size screen 0.008,90 lw 1.5 lc rgb "#222222" notitle, \
	  '' using ($1+off):($4+$5):(sprintf("%.0f%%", $4)) with labels offset 0,0.7 font ",10" tc rgb tobe notitle
} else {
	plot 'utilization.dat' using ($1+off):4 with boxes lc rgb tobe title key_b, \
	  '' using ($1+off):($4-$5):(0):(2*$5) with vectors heads size screen 0.008,90 lw 1.5 lc rgb "#222222" notitle, \
	  '' using ($1+off):($4+$5):(sprintf("%.0f%%", $4)) with labels offset 0,0.7 font ",10" tc rgb tobe notitle
}
unset output
}
