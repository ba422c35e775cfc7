# weekly: four operating metrics week by week (cases by the week they arrived), as-is against
# to-be, each with its 95% CI across replications.  Values from wfsim: title, pair, n_weeks,
# key_a, key_b, panel_titles (four).  Data: weekly.dat; columns: week, then per panel as-is
# mean, CI, to-be mean, CI.
do for [fmt in formats] {
eval terminal(fmt)
set output outbase.".".fmt
reset
eval look
set multiplot layout 2,2 title title font ",13" margins 0.07,0.98,0.09,0.83 spacing 0.08,0.2
set xrange [0.5:n_weeks + 0.5]
set xtics 1 scale 0
set xlabel "week"
set bars small
set offsets 0,0,graph 0.08,0
do for [p = 1:4] {
	col = 2 + 4 * (p - 1)
	# the first three panels are shares: their axis never runs past 100%
	if (p < 4) { set yrange [0:*<100] } else { set yrange [0:*] }
	set title panel_titles[p] font ",12"
	# one key for the four panels, under the title
	if (p == 1) { set key at screen 0.5, screen 0.94 center top horizontal noopaque nobox samplen 2 font ",10" } else { unset key }
	if (pair) {
		plot 'weekly.dat' using ($1-0.06):col:col+1 with yerrorlines lw 2 pt 7 ps 0.6 lc rgb asis title key_a, \
		  'weekly.dat' using ($1+0.06):col+2:col+3 with yerrorlines lw 2 pt 7 ps 0.6 lc rgb tobe title key_b
	} else {
		plot 'weekly.dat' using ($1+0.06):col+2:col+3 with yerrorlines lw 2 pt 7 ps 0.6 lc rgb tobe title key_b
	}
}
unset multiplot
unset output
}
