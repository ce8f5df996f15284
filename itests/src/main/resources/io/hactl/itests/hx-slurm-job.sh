#!/bin/sh
# A Slurm batch job for the itests: appends "JOBID start TIME HOST" to LEDGER, sleeps SECONDS,
# then appends "JOBID end TIME HOST". LEDGER lies outside the controller's state directory, so
# it shows whether a job ran twice or was killed, whatever the controller remembers.
# Usage: hx-slurm-job.sh LEDGER SECONDS
set -u
ledger=$1
seconds=$2
echo "${SLURM_JOB_ID:?not run by Slurm} start $(date +%s.%N) $(hostname)" >>"$ledger"
sleep "$seconds"
echo "$SLURM_JOB_ID end $(date +%s.%N) $(hostname)" >>"$ledger"
