#!/bin/sh
#
# Chassis control of one simulated BMC (ipmi_sim's chassis_control), run as
#   bmc-hook.sh BMC_DIR MC get|set ARGS...
# "get power" answers from BMC_DIR/power. "set power 0" kills, with KILL, every process in the
# node's network namespace (its inode in BMC_DIR/netns): the node is off. "set power 1" only
# records power on; the test decides when a node boots again. Each power change is appended to
# BMC_DIR/events as "UPTIME power off|on", UPTIME in seconds since boot (/proc/uptime).
set -u
dir=$1
shift 2
op=${1:-}
[ $# -gt 0 ] && shift

event() {
	read -r up _ </proc/uptime
	echo "$up $1" >>"$dir/events"
}

node_pids() {
	find /proc/[0-9]*/ns/net -maxdepth 0 -lname "net:?$(cat "$dir/netns")?" 2>/dev/null | cut -d/ -f3
}

case "$op" in
get)
	for p in "$@"; do
		[ "$p" = power ] && printf 'power:%s\n' "$(cat "$dir/power")"
	done
	;;
set)
	while [ $# -ge 2 ]; do
		if [ "$1" = power ] && [ "$2" = 0 ]; then
			pass=0
			while [ "$pass" -lt 20 ] && [ -n "$(node_pids)" ]; do
				# shellcheck disable=SC2046 # one pid per word
				kill -9 $(node_pids) 2>/dev/null
				pass=$((pass + 1))
			done
			echo 0 >"$dir/power"
			event "power off"
		elif [ "$1" = power ]; then
			echo 1 >"$dir/power"
			event "power on"
		fi
		shift 2
	done
	;;
esac
exit 0
