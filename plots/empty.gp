# A figure with nothing to draw (no completed case, no resource ...): its title and a word in
# the middle, rather than a gnuplot error or an empty frame that looks like a bug.
# Values from wfsim: title, why.
do for [fmt in formats] {
eval terminal(fmt)
set output outbase.".".fmt
reset
eval look
set title title
unset border; unset tics; unset grid; unset key
set label 1 why at graph 0.5, graph 0.5 center font ",14" textcolor rgb note_colour
plot [0:1] [0:1] -1 notitle
unset output
}
