# gnuplot -e "csv='artifacts/soak/soak.csv'; png='docs/soak.png'; title='...'" build/plot/soak.gp
set datafile separator ","
set terminal pngcairo size 1100,600 font "DejaVu Sans,10"
set output png
set title title
set xlabel "minutes"
set ylabel "worker RSS (MB)"
set y2label "messages handled (thousands)"
set yrange [0:200]
set y2range [0:*]
set ytics nomirror
set y2tics
set grid
set key left top
set arrow from graph 0, first 150 to graph 1, first 150 nohead dashtype 2 linecolor rgb "#aa0000"
set label "150 MB target" at graph 0.01, first 155 textcolor rgb "#aa0000"
plot csv skip 1 using 1:2 with linespoints pointtype 7 pointsize 0.6 linewidth 2 title "RSS", \
     csv skip 1 using 1:3 with lines dashtype 3 title "peak RSS (VmHWM)", \
     csv skip 1 using 1:($5/1000) axes x1y2 with lines linewidth 2 title "handled (right axis)"
