#!/bin/sh
# Boots a test node's "NFS client", then becomes the node's agent. Run inside the node's private
# mount namespace (and network namespace), so both FUSE mounts exist for this node only:
#   SOURCE --bindfs--> LINK  the node's path to the file server: the one to stall (kill -STOP)
#   LINK   --bindfs--> VIEW  the node's client mount, which the fs resource bind-mounts
# With LINK's bindfs stopped, VIEW's bindfs still takes every request and then waits forever on
# LINK, as a file server that took a request and never answers: a process killed in a write on
# VIEW stays in uninterruptible sleep until VIEW's bindfs dies (power-off).
# Usage: hx-node-boot.sh SOURCE LINK VIEW -- AGENT_COMMAND [ARG...]
set -eu
if [ $# -lt 5 ] || [ "$4" != -- ]; then
  echo "usage: hx-node-boot.sh SOURCE LINK VIEW -- AGENT_COMMAND [ARG...]" >&2
  exit 64
fi
source=$1
link=$2
view=$3
shift 4

# Waits up to 10 s until PATH is a mount point in this mount namespace.
await_mount() {
  i=0
  while ! awk -v p="$1" '$5 == p { found = 1 } END { exit !found }' /proc/self/mountinfo; do
    i=$((i + 1))
    if [ "$i" -gt 200 ]; then
      echo "hx-node-boot: $1 not mounted after 10 s" >&2
      exit 1
    fi
    sleep 0.05
  done
}

bindfs -f "$source" "$link" &
await_mount "$link"
bindfs -f "$link" "$view" &
await_mount "$view"
echo "hx-node-boot: $view serves $source through $link"
exec "$@"
