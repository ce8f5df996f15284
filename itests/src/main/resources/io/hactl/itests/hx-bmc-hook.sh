#!/bin/sh
# Chassis control of one simulated BMC, called by ipmi_sim as: hook BMC_DIR MC get|set ARGS...
# "get power" answers from BMC_DIR/power. "set power 0" kills every process of the node (those
# in the network namespace named in BMC_DIR/match as "net:INODE", or carrying the environment
# entry given there as "env:KEY=VALUE") until none is left, then records power off.
# BMC_DIR/mode "refusing" makes it ignore power changes, so fencing fails. Every power change is
# logged to BMC_DIR/events with the time from /proc/uptime.
set -u
dir=$1
shift 2
op=${1:-}
[ $# -gt 0 ] && shift

log() {
  read -r up _ < /proc/uptime
  printf '%s %s\n' "$up" "$*" >> "$dir/events"
}

node_pids() {
  match=$(cat "$dir/match")
  case "$match" in
    net:*)
      # One find over every process: the link text is "net:[INODE]".
      find /proc/[0-9]*/ns/net -maxdepth 0 -lname "net:?${match#net:}?" 2>/dev/null |
        cut -d/ -f3
      ;;
    env:*)
      for e in /proc/[0-9]*/environ; do
        if tr '\0' '\n' < "$e" 2>/dev/null | grep -qxF "${match#env:}"; then
          p=${e#/proc/}
          echo "${p%/environ}"
        fi
      done
      ;;
  esac
}

# KILLs every process of the node until none is left, as a power-off leaves it. A process in
# uninterruptible sleep (on a FUSE server of the same node) dies only after that server does, so
# after 20 quick passes the passes go 50 ms apart, for at most about 5 s more. Prints how many
# processes were found on the first pass.
kill_node() {
  total=
  pass=0
  while [ "$pass" -lt 120 ]; do
    pids=$(node_pids)
    [ -z "$pids" ] && break
    [ -z "$total" ] && total=$(echo "$pids" | wc -w)
    for p in $pids; do
      kill -9 "$p" 2>/dev/null
    done
    pass=$((pass + 1))
    [ "$pass" -ge 20 ] && sleep 0.05
  done
  echo "${total:-0}"
}

case "$op" in
  get)
    for p in "$@"; do
      case "$p" in
        power) printf 'power:%s\n' "$(cat "$dir/power")" ;;
      esac
    done
    ;;
  set)
    while [ $# -ge 2 ]; do
      param=$1
      value=$2
      shift 2
      [ "$param" = power ] || continue
      if [ "$(cat "$dir/mode")" = refusing ]; then
        log "refused power $value"
        continue
      fi
      if [ "$value" = 0 ]; then
        killed=$(kill_node)
        echo 0 > "$dir/power"
        log "power off killed $killed"
      else
        echo 1 > "$dir/power"
        log "power on"
      fi
    done
    ;;
esac
exit 0
