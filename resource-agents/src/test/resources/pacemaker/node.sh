#!/bin/sh
#
# One Pacemaker node of the test cluster, run as
#   ip netns exec NS unshare -m -u --propagation private sh node.sh NODE_DIR NAME OCF_ROOT
# Gives the node private /run, /dev/shm, /etc/corosync, /var/lib/{pacemaker,corosync} and
# /var/log/pacemaker (NODE_DIR holds them), shows OCF_ROOT (hactl's agents, with the system's
# heartbeat and pacemaker agents bound into it) as /usr/lib/ocf, so that ocf:hactl:* is
# installed for this node only, then runs corosync and pacemakerd and waits for them.
set -eu
dir=$1
name=$2
ocf=$3

hostname "$name"
mount -t tmpfs -o mode=755 tmpfs /run
mount -t tmpfs -o mode=1777 tmpfs /dev/shm
mount --bind "$dir/etc-corosync" /etc/corosync
mount --bind "$dir/lib-pacemaker" /var/lib/pacemaker
mount --bind "$dir/lib-corosync" /var/lib/corosync
mount --bind "$dir/log-pacemaker" /var/log/pacemaker
for d in resource.d/heartbeat resource.d/pacemaker lib/heartbeat; do
	mount --bind "/usr/lib/ocf/$d" "$ocf/$d"
done
mount --rbind "$ocf" /usr/lib/ocf
mkdir -p /run/resource-agents /run/crm

PCMK_logfile="$dir/pacemaker.log"
PCMK_debug=no
export PCMK_logfile PCMK_debug

corosync -f >"$dir/corosync.out" 2>&1 &
corosync_pid=$!
tries=0
until corosync-cfgtool -s >/dev/null 2>&1; do
	tries=$((tries + 1))
	if [ "$tries" -gt 100 ] || ! kill -0 "$corosync_pid" 2>/dev/null; then
		echo "node.sh $name: corosync did not come up" >&2
		exit 1
	fi
	sleep 0.1
done
pacemakerd -f >"$dir/pacemakerd.out" 2>&1 &
echo "node.sh $name: corosync $corosync_pid, pacemakerd $!"
wait
