# cycle-time: the share of cases done within a given cycle time (the CDF), as-is against
# to-be, with the p50 and p90 the tables report marked on each curve.
# Values from wfsim: title, xlabel, xmax (NaN: automatic), has_a and has_b (1 when that
# curve exists), key_a, key_b, and per curve a_p50, a_p90, b_p50, b_p90 with their labels
# a_p50_label ... (NaN: not marked).  Data: cycle-time.dat, index 0 as-is, index 1 to-be.
do for [fmt in formats] {
eval terminal(fmt)
set output outbase.".".fmt
reset
eval look
set title title
set xlabel xlabel
set ylabel "cases done within (%)"
set yrange [0:100]; set ytics 0,10,100
set key bottom right
if (isnum(xmax)) { set xrange [0:xmax] } else { set xrange [0:*] }
set arrow from graph 0, first 50 to graph 1, first 50 nohead dt 2 lc rgb "#999999"
set arrow from graph 0, first 90 to graph 1, first 90 nohead dt 2 lc rgb "#999999"
# The labels sit off the curves.  Above and to the left of a point on a CDF the curve never
# passes, nor does a slower curve on its right: the to-be labels (usually the faster curve)
# go there, right-aligned at the point, or from the left edge when the point is too near it
# for the text.  The as-is labels go below and to the right of their points, where the
# faster curve on their left does not pass.
near_left(v) = (isnum(xmax) && v < 0.1 * xmax)
if (has_a && isnum(a_p50)) { set label 11 a_p50_label at first a_p50, first 50 left offset 1,-0.9 textcolor rgb asis font ",11" point pt 7 ps 1.3 lc rgb asis front }
if (has_a && isnum(a_p90)) { set label 12 a_p90_label at first a_p90, first 90 left offset 1,-0.9 textcolor rgb asis font ",11" point pt 7 ps 1.3 lc rgb asis front }
do for [p in "50 90"] {
	v = (p eq "50" ? b_p50 : b_p90)
	lab = (p eq "50" ? b_p50_label : b_p90_label)
	n = 20 + int(p) / 40
	if (has_b && isnum(v)) {
		set label n + 10 "" at first v, first int(p) point pt 7 ps 1.3 lc rgb tobe front
		if (near_left(v)) {
			set label n lab at graph 0.01, first int(p) left offset 0,0.8 textcolor rgb tobe font ",11" front
		} else {
			set label n lab at first v, first int(p) right offset -1,0.8 textcolor rgb tobe font ",11" front
		}
	}
}
if (has_a && has_b) {
	plot 'cycle-time.dat' index 0 using 1:2 with lines lw 3 lc rgb asis title key_a, \
	     'cycle-time.dat' index 1 using 1:2 with lines lw 3 lc rgb tobe title key_b
} else { if (has_a) {
	plot 'cycle-time.dat' index 0 using 1:2 with lines lw 3 lc rgb asis title key_a
} else {
	plot 'cycle-time.dat' index 1 using 1:2 with lines lw 3 lc rgb tobe title key_b
} }
unset output
}
