# where-time-goes: per step, the time per arriving case spent waiting for a resource (light),
# worked by one (dark) and, in steps that need no resource (a customer sending documents),
# on hold (grey), stacked; many steps are cut to those with the most time and one "other"
# bar.  The key sits between the title and the plot, where no bar can be.
# Values from wfsim: title, ylabel, pair, has_hold (1: some step has no resource), the tic
# labels `labels` (n_labels) and slant.  Data: where-time-goes.dat; columns: row, as-is
# wait, as-is work, to-be wait, to-be work, as-is on hold, to-be on hold (NaN: no such step).
do for [fmt in formats] {
eval terminal(fmt)
set output outbase.".".fmt
reset
eval look
set title title
set ylabel ylabel
set boxwidth (pair ? 0.36 : 0.6)
set style fill solid 0.95 noborder
set xtics scale 0
if (slant) { set xtics rotate by -30 left }
set xtics (); do for [i = 1:n_labels] { set xtics add (labels[i] i - 1) }
set xrange [-0.6:(n_labels > 0 ? n_labels : 1) - 0.4]
set yrange [0:*]
eval key_under_title
off = (pair ? 0.19 : 0)
# Stacked by drawing the total in the hold colour, waiting + working over it in the working
# colour, and the waiting part over that.
# One key entry for the time on hold: it is the same grey in both models.
hold_title = (has_hold ? "without a resource" : "")
if (pair) {
	plot 'where-time-goes.dat' using ($1-off):($2+$3+$6) with boxes lc rgb hold title hold_title, \
	  '' using ($1-off):($2+$3) with boxes lc rgb asis title "as-is: working", \
	  '' using ($1-off):2 with boxes lc rgb asis_lt title "as-is: waiting", \
	  '' using ($1+off):($4+$5+$7) with boxes lc rgb hold notitle, \
	  '' using ($1+off):($4+$5) with boxes lc rgb tobe title "to-be: working", \
	  '' using ($1+off):4 with boxes lc rgb tobe_lt title "to-be: waiting"
} else {
	plot 'where-time-goes.dat' using ($1+off):($4+$5+$7) with boxes lc rgb hold title hold_title, \
	  '' using ($1+off):($4+$5) with boxes lc rgb tobe title "working", \
	  '' using ($1+off):4 with boxes lc rgb tobe_lt title "waiting"
}
unset output
}
