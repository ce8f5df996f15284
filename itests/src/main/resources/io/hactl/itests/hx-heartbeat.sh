#!/bin/sh
# The test daemon: appends "NODE EPOCH UPTIME PID" to SPOOL/heartbeat every INTERVAL seconds,
# with NODE and EPOCH from the environment hactl gives its exec children and UPTIME from
# /proc/uptime. Exits when a write fails. With "hold", it opens the file once and keeps it open
# for writing (as a scheduler keeps its journal), so it is always a writer on the spool.
# Usage: hx-heartbeat.sh SPOOL [INTERVAL [hold]]
set -u
spool=$1
interval=${2:-0.2}
mode=${3:-}
node=${HACTL_NODE:?HACTL_NODE not set}
epoch=${HACTL_EPOCH:?HACTL_EPOCH not set}
if [ "$mode" = hold ]; then
  exec 3>>"$spool/heartbeat" || exit 1
  while :; do
    read -r up _ < /proc/uptime
    printf '%s %s %s %s\n' "$node" "$epoch" "$up" "$$" >&3 || exit 1
    sleep "$interval" 3>&-
  done
fi
while :; do
  read -r up _ < /proc/uptime
  printf '%s %s %s %s\n' "$node" "$epoch" "$up" "$$" >> "$spool/heartbeat" || exit 1
  sleep "$interval"
done
