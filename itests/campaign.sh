#!/bin/sh
# A seeded randomized campaign of mixed faults (node crash, daemon crash, agent pause, partition,
# ZooKeeper leader crash, broken fence device, relocation) against a three-node test cluster;
# ends with a report and exits 0 only when the checker found no violation.
# Usage: itests/campaign.sh [--rounds 200] [--seed N]    (root: namespaces; see run-harness.sh)
set -eu
here=$(CDPATH='' cd -- "$(dirname -- "$0")" && pwd)
exec "$here/run-harness.sh" io.hactl.itests.campaign.Campaign "$@"
