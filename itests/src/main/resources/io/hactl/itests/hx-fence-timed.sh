#!/bin/sh
# Runs a fence agent with this script's stdin and records, in LOG, when it started and ended,
# the action and target, and the exit status (times from /proc/uptime).
# Usage: hx-fence-timed.sh LOG AGENT [ARGS]; with ARGS (`-o metadata`, asked by configuration
# checks) it runs AGENT with them and records nothing: no device is touched.
set -u
log=$1
agent=$2
shift 2
if [ "$#" -gt 0 ]; then
  exec "$agent" "$@"
fi
input=$(cat)
read -r t0 _ < /proc/uptime
action=$(printf '%s\n' "$input" | sed -n 's/^action=//p' | tail -n 1)
target=$(printf '%s\n' "$input" | sed -n 's/^ip=//p;s/^ipport=//p' | tr '\n' ':')
printf '%s start %s %s %s\n' "$t0" "$$" "${action:-off}" "$target" >> "$log"
printf '%s\n' "$input" | "$agent"
rc=$?
read -r t1 _ < /proc/uptime
printf '%s end %s %s\n' "$t1" "$$" "$rc" >> "$log"
exit "$rc"
