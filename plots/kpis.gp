# kpis: the key figures with their 95% confidence intervals across replications, in three
# panels: times per case, touch time in its own unit (beside cycle times of days it would be
# invisible), and shares of completed cases (an axis that never runs past 100%).
# Values from wfsim: title, pair (1: as-is and to-be), time_unit, touch_unit, the tic
# labels time_labels, touch_labels, rate_labels (n_... of each), and the axis tops
# time_top, touch_top, rate_top.  Data: kpis.dat, index 0 times, 1 touch time, 2 rates;
# columns: bar, as-is mean, CI half-width, to-be mean, CI half-width.
width = 1200
do for [fmt in formats] {
eval terminal(fmt)
set output outbase.".".fmt
reset
eval look
set multiplot title title font ",14"
# widths: three times, one touch time, five shares
array panel_x[3] = [0, 0.37, 0.57]
array panel_w[3] = [0.37, 0.2, 0.43]
set boxwidth (pair ? 0.36 : 0.6)
set style fill solid 0.9 noborder
set xtics scale 0 font ",11"
set bmargin 4
set key top right samplen 2
if (!pair) { unset key }
off = (pair ? 0.19 : 0)
fmtv(v) = (v >= 100 ? sprintf("%.0f", v) : v < 1 ? sprintf("%.2f", v) : sprintf("%.1f", v))
do for [panel = 0:2] {
	set origin panel_x[panel + 1], 0
	set size panel_w[panel + 1], 0.93
	if (panel == 0) {
		set title sprintf("Times per case (%s)", time_unit) font ",12"
		set ylabel time_unit
		set yrange [0:time_top]
		set xtics (); do for [i = 1:n_time_labels] { set xtics add (time_labels[i] i - 1) }
		set xrange [-0.6:n_time_labels - 0.4]
		set xtics rotate by -25 left
	}
	if (panel == 1) {
		set title sprintf("Touch time (%s)", touch_unit) font ",12"
		set ylabel touch_unit
		set yrange [0:touch_top]
		set xtics (); do for [i = 1:n_touch_labels] { set xtics add (touch_labels[i] i - 1) }
		set xrange [-0.8:n_touch_labels - 0.2]
		set xtics norotate
		unset key
	}
	if (panel == 2) {
		set title "Shares of completed cases (%)" font ",12"
		set ylabel "% of cases"
		set yrange [0:rate_top]
		set xtics (); do for [i = 1:n_rate_labels] { set xtics add (rate_labels[i] i - 1) }
		set xrange [-0.6:n_rate_labels - 0.4]
		set xtics rotate by -25 left
		set rmargin 7
		unset key
	}
	if (pair) {
		plot 'kpis.dat' index panel using ($1-off):2 with boxes lc rgb asis title "as-is", \
		  '' index panel using ($1-off):($2-$3):(0):(2*$3) with vectors heads size screen 0.008,90 lw 1.5 lc rgb "#222222" notitle, \
		  '' index panel using ($1-off):($2+$3):(fmtv($2)) with labels offset 0,0.7 font ",10" tc rgb asis notitle, \
		  '' index panel using ($1+off):4 with boxes lc rgb tobe title "to-be", \
		  '' index panel using ($1+off):($4-$5):(0):(2*$5) with vectors heads size screen 0.008,90 lw 1.5 lc rgb "#222222" notitle, \
		  '' index panel using ($1+off):($4+$5):(fmtv($4)) with labels offset 0,0.7 font ",10" tc rgb tobe notitle
	} else {
		plot 'kpis.dat' index panel using ($1+off):4 with boxes lc rgb tobe notitle, \
		  '' index panel using ($1+off):($4-$5):(0):(2*$5) with vectors heads size screen 0.008,90 lw 1.5 lc rgb "#222222" notitle, \
		  '' index panel using ($1+off):($4+$5):(fmtv($4)) with labels offset 0,0.7 font ",10" tc rgb tobe notitle
	}
}
unset multiplot
unset output
}
