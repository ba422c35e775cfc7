# sweep-grid: a two-way sweep as heat maps, each point a coloured square with its value on
# it (no regular grid needed: lists may be uneven); red below zero, blue above.
# Values from wfsim: xlabel, ylabel.  Data: sweep-grid.dat; columns: x, y, time saved per
# case (hours), net saving per year (thousands).
width = 1200; height = 550
do for [fmt in formats] {
eval terminal(fmt)
set output outbase.".".fmt
reset
eval look
unset key
unset grid
set palette defined (-1 grid_low, 0 grid_mid, 1 grid_high)
set offsets graph 0.08, graph 0.08, graph 0.08, graph 0.08
set multiplot layout 1,2 title "Sweep: to-be minus as-is at each pair of values"
set xlabel xlabel
set ylabel ylabel
do for [i = 3:4] {
	stats 'sweep-grid.dat' using i nooutput
	m = (abs(STATS_min) > abs(STATS_max) ? abs(STATS_min) : abs(STATS_max))
	set cbrange [-(m > 0 ? m : 1):(m > 0 ? m : 1)]
	set title (i == 3 ? "time saved per case (hours)" : "net saving per year (thousands)")
	plot 'sweep-grid.dat' using 1:2:i with points pt 5 ps 5 palette, \
	  '' using 1:2:(sprintf(i == 3 ? "%.2f" : "%.0f", column(i))) with labels font ",9"
}
unset multiplot
unset output
}
