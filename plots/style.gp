# wfsim plot style: the colours, fonts and picture size every figure uses.
#
# wfsim copies this file into each NAME.gp it writes, between the values it computed and the
# figure's template.  To restyle every figure (company colours, another font), copy this file
# into a directory of your own, change it, and run wfsim with --plot-style DIR (or set
# WFSIM_PLOT_STYLE=DIR).  A template of the same name in DIR (kpis.gp ...) replaces that
# figure's template too.

# As-is in a muted steel blue, to-be in a strong orange; the light shades mark waiting time
# and confidence bands.
asis = "#5b7da8"; asis_lt = "#c5d3e6"
tobe = "#d9480f"; tobe_lt = "#f8b995"
# Time in steps that need no resource (a customer sending documents): neither waiting for
# staff nor working.
hold = "#9e9e9e"
# Text, axes, grid, notes and the red of limits and targets.
ink = "#333333"; axis_colour = "#555555"; grid_colour = "#dddddd"; note_colour = "#666666"
alarm = "#aa0000"
# The lines of a sweep, one per value of its second variable.
array sweep_colours[6] = [asis, tobe, "#2e8b57", "#8e44ad", "#b8860b", "#555555"]
# Heat maps: below zero, zero, above zero.
grid_low = "#c0392b"; grid_mid = "#f7f7f7"; grid_high = "#2471a3"

font = "Sans"; font_size = 12; background = "white"
# Picture size in pixels; a template may ask for another before it starts drawing.
if (!exists("width")) width = 1000
if (!exists("height")) height = 600
# The pictures each script draws: PNG for people, SVG for the HTML report.
formats = "png svg"

set encoding utf8
set datafile missing "NaN"

# `eval terminal(fmt)` starts a picture; `eval look` sets the common look after `reset`.
terminal(fmt) = (fmt eq "png" ? "set terminal pngcairo" : "set terminal svg dynamic") . \
	sprintf(" size %d,%d noenhanced font '%s,%d' background '%s'", \
		width, height, font, font_size, background)
look = sprintf("set border 3 lc rgb '%s'; set tics nomirror textcolor rgb '%s'; " . \
	"set grid ytics lc rgb '%s' lt 1; set key top left noopaque box lc rgb '#cccccc'; " . \
	"set title font ',%d' textcolor rgb '%s'", axis_colour, ink, grid_colour, font_size + 2, ink)
# 1 when x is a number (wfsim writes NaN for a value it does not have).
isnum(x) = (x == x)
# A key in one row between the title and the plot, where no bar or curve can be under it.
key_under_title = "set tmargin 6; set title offset 0,2.6; set key at graph 0.5, graph 1.02 center bottom horizontal noopaque nobox samplen 2 width 1"
