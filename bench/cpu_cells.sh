# cpu_cells.sh - table cells from measure.c result files (one
# "... cpu=S ..." line per run), sourced by wholefile.sh and checked.sh.

# cell FILE [DIGITS]: "median [min-max]" of the runs' cpu= seconds.
cell() {
  sed -n 's/.*cpu=\([^ ]*\).*/\1/p' "$1" | sort -g | awk -v d="${2:-2}" '{v[NR]=$1} END {
    m = NR % 2 ? v[(NR+1)/2] : (v[NR/2] + v[NR/2+1]) / 2
    f = "%." d "f s [%." d "f-%." d "f]"
    printf f, m, v[1], v[NR] }'
}

# med FILE: the median of the runs' cpu= seconds.
med() { sed -n 's/.*cpu=\([^ ]*\).*/\1/p' "$1" | sort -g | awk '{v[NR]=$1} END {
    print NR % 2 ? v[(NR+1)/2] : (v[NR/2] + v[NR/2+1]) / 2 }'; }
