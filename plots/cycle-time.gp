# cycle-time: the share of cases done within a given cycle time (the CDF), as-is against
# to-be, with the p50 and p90 the tables report marked on each curve and quoted in the key.
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
set key bottom right nobox
if (isnum(xmax)) { set xrange [0:xmax] } else { set xrange [0:*] }
set arrow from graph 0, first 50 to graph 1, first 50 nohead dt 2 lc rgb "#999999"
set arrow from graph 0, first 90 to graph 1, first 90 nohead dt 2 lc rgb "#999999"
# Each model's p50 and p90 are dots on its curve; their values are in the key, in the corner
# a CDF leaves empty, so that no text ever sits on a curve.
do for [p in "50 90"] {
	va = (p eq "50" ? a_p50 : a_p90)
	vb = (p eq "50" ? b_p50 : b_p90)
	if (has_a && isnum(va)) { set label 10 + int(p) / 40 "" at first va, first int(p) point pt 7 ps 1.3 lc rgb asis front }
	if (has_b && isnum(vb)) { set label 20 + int(p) / 40 "" at first vb, first int(p) point pt 7 ps 1.3 lc rgb tobe front }
}
marks(p50, p50_label, p90, p90_label) = (isnum(p50) ? "; ".p50_label : "") . (isnum(p90) ? ", ".p90_label : "")
title_a = key_a . marks(a_p50, a_p50_label, a_p90, a_p90_label)
title_b = key_b . marks(b_p50, b_p50_label, b_p90, b_p90_label)
if (has_a && has_b) {
	plot 'cycle-time.dat' index 0 using 1:2 with lines lw 3 lc rgb asis title title_a, \
	     'cycle-time.dat' index 1 using 1:2 with lines lw 3 lc rgb tobe title title_b
} else { if (has_a) {
	plot 'cycle-time.dat' index 0 using 1:2 with lines lw 3 lc rgb asis title title_a
} else {
	plot 'cycle-time.dat' index 1 using 1:2 with lines lw 3 lc rgb tobe title title_b
} }
unset output
}
