#!/bin/sh
# The test daemon: appends "NODE EPOCH UPTIME PID" to SPOOL/heartbeat every INTERVAL seconds,
# with NODE and EPOCH from the environment hactl gives its exec children and UPTIME from
# /proc/uptime. Exits when a write fails. Usage: hx-heartbeat.sh SPOOL [INTERVAL]
set -u
spool=$1
interval=${2:-0.2}
node=${HACTL_NODE:?HACTL_NODE not set}
epoch=${HACTL_EPOCH:?HACTL_EPOCH not set}
while :; do
  read -r up _ < /proc/uptime
  printf '%s %s %s %s\n' "$node" "$epoch" "$up" "$$" >> "$spool/heartbeat" || exit 1
  sleep "$interval"
done
