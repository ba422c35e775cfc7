# time-saved: the time saved per case in each replication (as-is minus to-be mean cycle
# time, the same random numbers on both sides), the mean dashed and its 95% CI shaded.
# Values from wfsim: title, ylabel, n_reps, mean, lo, hi.  Data: time-saved.dat; columns:
# replication, time saved.
do for [fmt in formats] {
eval terminal(fmt)
set output outbase.".".fmt
reset
eval look
set title title
set xlabel "replication"
set ylabel ylabel
set xrange [0:n_reps + 1]
set boxwidth 0.7
set style fill solid 0.85 noborder
set yrange [*<0:0<*]
set object 1 rect from graph 0, first lo to graph 1, first hi fc rgb "#888888" fs transparent solid 0.25 noborder behind
set arrow from graph 0, first 0 to graph 1, first 0 nohead lc rgb ink
eval key_under_title
plot 'time-saved.dat' using 1:2 with boxes lc rgb tobe title "time saved per case in each replication", \
  mean with lines lw 3 dt 2 lc rgb "#222222" title "mean (grey band: its 95% CI)"
unset output
}
