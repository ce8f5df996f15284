#!/bin/sh
# Soak: an idle three-node cluster with hactl's default timings (no sessionTimeout and no
# emergency-stop timing in its configuration) left alone while stress-ng keeps every core busy
# and churns memory. Exits 0 only with no suspension, no failover, no fence call and no
# violation; prints the agents' worst GC pause, worst safepoint, a probe's worst scheduling delay
# and the load average. Usage: itests/soak.sh [--minutes 30 | --seconds S] [--vm-bytes 25%]
set -eu
here=$(CDPATH='' cd -- "$(dirname -- "$0")" && pwd)
HX_OPTS="-Dhx.productDefaults=true -Dhx.agentNice=-10 ${HX_OPTS:-}"
export HX_OPTS
exec "$here/run-harness.sh" io.hactl.itests.campaign.Soak "$@"
