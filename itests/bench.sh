#!/bin/sh
# Failover figures with hactl's default timings (the configuration sets no session timeout and no
# emergency-stop timing): repeats node crash, silent partition and planned relocation R times,
# then N daemon kills restarted in place; prints p50/p99/max with n of recovery time and of its
# parts, with the negotiated session timeout and the machine, and writes them as JSON.
# Usage: itests/bench.sh [--repeat 10] [--restarts 50] [--json itests/target/bench.json]
#                        [--svg docs/failover-phases.svg]
# The agents run at nice -10 as the packaged unit runs them; the recovery window is 3s so that
# 50 kills are restarted in place within minutes. HX_OPTS adds or overrides -Dhx.* settings.
set -eu
here=$(CDPATH='' cd -- "$(dirname -- "$0")" && pwd)
echo "machine: nproc $(nproc), $(sed -n 's/^model name[[:space:]]*: //p' /proc/cpuinfo | head -n 1), load average $(cut -d' ' -f1-3 /proc/loadavg)"
HX_OPTS="-Dhx.productDefaults=true -Dhx.agentNice=-10 -Dhx.restartWindow=3s ${HX_OPTS:-}"
export HX_OPTS
exec "$here/run-harness.sh" io.hactl.itests.campaign.Bench "$@"
