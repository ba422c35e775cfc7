# sweep: each key difference (to-be minus as-is) against the varied value, with its 95% band,
# one line per value of a second varied value; break-even points and the target marked.
# Values from wfsim: title, xlabel, words (1: the values are words, labelled by x_labels,
# n_x_labels of them), n_lines and line_titles (the second variable's values; n_lines 1:
# no key), be_time and be_money (break-even x of time saved and of net saving; NaN: none)
# with their intervals be_time_lo/hi, be_money_lo/hi, x_mid (the middle of the x axis: a
# break-even right of it is labelled on its left), money_label, target (NaN: none),
# found_x (where the target is met; NaN: nowhere), figure_title, figure_unit.
# Data: sweep.dat, one block (index) per line; columns: x, then mean, lower, upper of time
# saved (hours), net saving (thousands), escaped errors (points), the target's figure.
width = 1200; height = 900
do for [fmt in formats] {
eval terminal(fmt)
set output outbase.".".fmt
reset
eval look
set grid xtics ytics lc rgb grid_colour lt 1
if (n_lines < 2) { unset key }
set multiplot layout 2,2 title title
set xlabel xlabel
if (words) { set xtics (); do for [i = 1:n_x_labels] { set xtics add (x_labels[i] i - 1) } }
set xzeroaxis lt 1 lc rgb "#888888"
do for [p = 1:4] {
	col = 2 + 3 * (p - 1)
	unset arrow; unset label; unset object
	be = (p == 1 ? be_time : p == 2 ? be_money : NaN)
	be_lo = (p == 1 ? be_time_lo : p == 2 ? be_money_lo : NaN)
	be_hi = (p == 1 ? be_time_hi : p == 2 ? be_money_hi : NaN)
	if (isnum(be)) {
		set arrow from be, graph 0 to be, graph 1 nohead lc rgb alarm dt 2 lw 2
		if (isnum(x_mid) && be > x_mid) {
			set label sprintf("break-even %.4g", be) at be, graph 0.95 right offset -0.5,0 textcolor rgb alarm
		} else {
			set label sprintf("break-even %.4g", be) at be, graph 0.95 left offset 0.5,0 textcolor rgb alarm
		}
		if (isnum(be_lo) && isnum(be_hi)) {
			set object rect from be_lo, graph 0 to be_hi, graph 1 fc rgb alarm fs transparent solid 0.08 noborder behind
		}
	}
	if (p == 1) { set title "time saved per case"; set ylabel "hours" }
	if (p == 2) { set title "net saving per year"; set ylabel money_label }
	if (p == 3) { set title "errors reaching customers, change"; set ylabel "points" }
	if (p == 4) {
		set title figure_title; set ylabel figure_unit
		if (isnum(target)) { set arrow from graph 0, first target to graph 1, first target nohead lc rgb alarm dt 2 lw 2 }
		if (isnum(found_x)) { set arrow from found_x, graph 0 to found_x, graph 1 nohead lc rgb "#27ae60" lw 2 }
	}
	plot for [j = 0:n_lines - 1] 'sweep.dat' index j using 1:col+1:col+2 with filledcurves \
		fc rgb sweep_colours[j % 6 + 1] fs transparent solid 0.18 noborder notitle, \
	     for [j = 0:n_lines - 1] 'sweep.dat' index j using 1:col with linespoints \
		lc rgb sweep_colours[j % 6 + 1] pt 7 ps 0.6 lw 2 title line_titles[j + 1]
}
unset multiplot
unset output
}
