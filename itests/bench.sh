#!/bin/sh
# Failover figures: repeats node crash, daemon crash and planned relocation R times and prints
# p50/p99/max of recovery time and of its parts, with the negotiated session timeout and the
# machine. Usage: itests/bench.sh [--repeat 10]
set -eu
here=$(CDPATH='' cd -- "$(dirname -- "$0")" && pwd)
echo "machine: nproc $(nproc), $(sed -n 's/^model name[[:space:]]*: //p' /proc/cpuinfo | head -n 1)"
exec "$here/run-harness.sh" io.hactl.itests.campaign.Bench "$@"
