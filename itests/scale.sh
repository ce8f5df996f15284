#!/bin/sh
# Scale figures: N plain agents and M exec-only services against a three-server ZooKeeper
# ensemble; cold placement, agent RSS and threads, ZooKeeper writes at rest, failover of a crashed
# agent's services. Prints p50/p99/max with n and writes JSON.
# Usage: itests/scale.sh [--agents 50] [--services 1000] [--session 6s] [--rest 60s] [--json FILE]
set -eu
here=$(CDPATH='' cd -- "$(dirname -- "$0")" && pwd)
exec "$here/run-harness.sh" io.hactl.itests.scale.ScaleBench "$@"
