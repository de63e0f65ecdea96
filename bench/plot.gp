# bench/plot.gp: the plots of a bench run, as SVG beside its CSV files.
# Called by bench/run as: gnuplot -e "results='DIR'" bench/plot.gp
# (add -e "ext='png'" for PNG copies, to look at them without a browser)

if (!exists("results")) results = 'bench/results'
if (!exists("ext")) ext = 'svg'
set datafile separator ','
if (ext eq 'png') {
	set terminal pngcairo size 900,560 enhanced font 'sans,10' background rgb 'white'
} else {
	set terminal svg size 900,560 dynamic enhanced font 'sans,12' background rgb 'white'
}
set grid
set key top left

# ---- the textbook's comparison: throughput against message size ----
# (only when this run made it: BENCH_ONLY may have left it out)
f = results.'/6-ipccmp.csv'
if (system('test -s '.f.' && echo 1') eq "1") {
	set output results.'/6-ipccmp.'.ext
	set title 'Two processes, one mechanism: throughput by message size (median of the rounds; bars: min-max)'
	set logscale xy
	set xlabel 'message size (bytes)'
	set ylabel 'MiB/s'
	set xtics ('16' 16, '256' 256, '4 KiB' 4096, '64 KiB' 65536, '1 MiB' 1048576)
	set xrange [10:1600000]
	# columns: size, then min, median, max for msg, unix, pipe, shmsem, ring
	plot f every ::1 using 1:3:2:4 with yerrorlines lw 2 title 'System V queue', \
	     f every ::1 using 1:6:5:7 with yerrorlines lw 2 title 'Unix socket', \
	     f every ::1 using 1:9:8:10 with yerrorlines lw 2 title 'pipe', \
	     f every ::1 using 1:12:11:13 with yerrorlines lw 2 title 'shm + semaphore handshake', \
	     f every ::1 using 1:15:14:16 with yerrorlines lw 2 title 'shm ring buffer'
	unset output
}

# ---- the tools against their peers: median ratio to the reference ----
unset logscale
unset xtics
set xtics nomirror rotate by -30
set xrange [*:*]
set yrange [0:*]
set style fill solid 0.6 border -1
set boxwidth 0.6
set key off
set ylabel 'median, as a multiple of the reference (1 = the reference)'
set xlabel ''

do for [c in '1-sockpipe-tcp 1-sockpipe-unix 2-mq 3-shmput-file 3-shmput-pipe 3-shmcat-null 3-shmcat-pipe 4-startup'] {
	f = results.'/'.c.'.csv'
	if (system('test -s '.f.' && echo 1') eq "1") {
		set output results.'/'.c.'.'.ext
		name = c.': median ratio to the reference, same run (higher is better)'
		set title name
		plot f every ::1 using 0:(column(8) > 0 ? column(8) : 0):xtic(1) with boxes lc rgb '#4477aa', 1 with lines lc rgb 'black' dt 2
		unset output
	}
}
