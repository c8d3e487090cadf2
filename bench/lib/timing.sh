# Shared by the benchmark scripts (sourced): timing a whole process, and formatting the results.
# timed needs run_timeout (seconds) set by the caller.

# timed DIR COMMAND...: runs COMMAND (output in DIR/log) under RUN_TIMEOUT; writes DIR/result:
# "ok SECONDS RSS_KB", "timeout - RSS_KB" or "failed(EXIT) - RSS_KB".
timed() {
  local dir=$1; shift
  mkdir -p "$dir"
  local start end status=0 seconds
  start=$(date +%s.%N)
  # --foreground: the process (java, after the launcher's exec) stays in the terminal's process group,
  # so Ctrl-C reaches it; /usr/bin/time outside timeout sees the process tree's peak.
  /usr/bin/time -f %M -o "$dir/rss" timeout --foreground --kill-after=30 "$run_timeout" "$@" \
    >"$dir/log" 2>&1 || status=$?
  end=$(date +%s.%N)
  seconds=$(awk -v a="$start" -v b="$end" 'BEGIN { printf "%.1f", b - a }')
  local rss; rss=$(tail -n 1 "$dir/rss" 2>/dev/null || true)
  [[ "$rss" =~ ^[0-9]+$ ]] || rss=0
  case $status in
    0) echo "ok $seconds $rss" ;;
    124|137) echo "timeout - $rss" ;;
    *) echo "failed($status) - $rss" ;;
  esac > "$dir/result"
}

human_rows() { # 10000000 -> 10M, 100000 -> 100k, 10250 -> 10,250
  local n=$1
  if (( n >= 1000000 && n % 1000000 == 0 )); then echo "$((n / 1000000))M"
  elif (( n >= 1000 && n % 1000 == 0 )); then echo "$((n / 1000))k"
  else sed ':a; s/\B[0-9]\{3\}\>/,&/; ta' <<< "$n"; fi
}
median() { sort -n | awk '{ v[NR] = $1 } END { printf "%.1f", (NR % 2 ? v[(NR + 1) / 2] : (v[NR / 2] + v[NR / 2 + 1]) / 2) }'; }
ratio() { # A B: A / B with two decimals and "×", or "–" when either is not a number
  if [[ "$1" =~ ^[0-9.]+$ && "$2" =~ ^[0-9.]+$ ]]; then awk -v a="$1" -v b="$2" 'BEGIN { printf "%.2f×", a / b }'
  else echo "–"; fi
}

