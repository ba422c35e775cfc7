# wip: cases in the system over the simulated time, the mean across replications and a band
# from the 10% to the 90% replication; each point is the mean of hourly samples around it.
# Values from wfsim: title, pair, key_a, key_b, warmup_day (NaN: no warm-up), horizon_day.
# Data: wip.dat, index 0 as-is, 1 to-be; columns: day, mean, 10%, 90%.
do for [fmt in formats] {
eval terminal(fmt)
set output outbase.".".fmt
reset
eval look
set title title
set xlabel "day of the simulation (shaded: 10% to 90% of replications)"
set ylabel "cases in the system"
set yrange [0:*]
if (isnum(horizon_day) && horizon_day > 0) { set xrange [0:horizon_day] } else { set xrange [0:*] }
set offsets 0,0,graph 0.15,0
set key top center horizontal opaque
if (isnum(warmup_day)) {
	set arrow from first warmup_day, graph 0 to first warmup_day, graph 1 nohead dt 3 lc rgb "#888888"
	set label "end of warm-up" at first warmup_day, graph 0.03 offset 0.5,0 textcolor rgb note_colour
}
if (pair) {
	plot 'wip.dat' index 0 using 1:3:4 with filledcurves fs transparent solid 0.3 noborder lc rgb asis notitle, \
	  'wip.dat' index 1 using 1:3:4 with filledcurves fs transparent solid 0.3 noborder lc rgb tobe notitle, \
	  'wip.dat' index 0 using 1:2 with lines lw 2.5 lc rgb asis title key_a, \
	  'wip.dat' index 1 using 1:2 with lines lw 2.5 lc rgb tobe title key_b
} else {
	plot 'wip.dat' index 1 using 1:3:4 with filledcurves fs transparent solid 0.3 noborder lc rgb tobe notitle, \
	  'wip.dat' index 1 using 1:2 with lines lw 2.5 lc rgb tobe title key_b
}
unset output
}
