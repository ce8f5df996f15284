#!/bin/sh
# Holds a floating IPv4 address on this node for as long as it runs: the foreground daemon of an
# hactl exec resource (the parent of the daemon that clients reach through the address).
#
# Usage: floating-ip.sh ADDRESS/PREFIX DEVICE     e.g. floating-ip.sh 10.20.0.10/24 eth0
#
# Start adds the address and announces it with gratuitous ARP (send_arp from resource-agents,
# else arping), so that clients and switches forget the previous owner's MAC address at once.
# TERM removes the address and exits 0. If the address disappears while it runs, it exits 1 and
# hactl's recovery policy takes over. A node that dies keeps nothing: fencing powers it off.
set -u

if [ "$#" -ne 2 ]; then
  echo "usage: $0 ADDRESS/PREFIX DEVICE (for example 10.20.0.10/24 eth0)" >&2
  exit 2
fi
cidr=$1
dev=$2
addr=${cidr%/*}
case "$cidr" in
  */*) ;;
  *)
    echo "$0: $cidr: write the address with its prefix length, such as 10.20.0.10/24" >&2
    exit 2
    ;;
esac

# shellcheck disable=SC2317  # invoked by the trap
release() {
  ip addr del "$cidr" dev "$dev" 2>/dev/null
  exit 0
}
trap release TERM INT HUP

if ! ip addr replace "$cidr" dev "$dev"; then
  echo "$0: cannot add $cidr to $dev" >&2
  exit 1
fi

send_arp=/usr/libexec/heartbeat/send_arp
if [ -x "$send_arp" ]; then
  "$send_arp" -i 200 -r 5 "$dev" "$addr" auto not_used not_used &
elif command -v arping >/dev/null 2>&1; then
  arping -q -U -c 3 -I "$dev" "$addr" &
else
  echo "$0: neither $send_arp nor arping found: clients may reach the old owner until their ARP caches expire" >&2
fi

while ip -o -4 addr show dev "$dev" | grep -q " $addr/"; do
  sleep 1 &
  wait "$!"
done
echo "$0: $cidr vanished from $dev" >&2
exit 1
