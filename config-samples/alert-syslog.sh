#!/bin/sh
# An hactl alert hook: writes every event to syslog (daemon facility, tag "hactl"), one line each.
# Install it on every node (same path), then name it in the configuration:
#
#   alerts:
#     syslog:
#       path: /usr/local/lib/hactl/alert-syslog.sh
#       timeout: 10s
#
# hactl runs it once per event, in order, with the event in HACTL_* variables and nothing else of
# the agent's environment: HACTL_EVENT_KIND (transition, failover, blocked, fence, fence-result,
# ban, disable, failure, error, ...), HACTL_EVENT_SEQUENCE, HACTL_NODE, HACTL_SERVICE, HACTL_TIME,
# HACTL_MESSAGE; transitions add HACTL_FROM_STATE, HACTL_STATE, HACTL_EPOCH, HACTL_FAILURES; fence
# attempts add HACTL_FENCE_TARGET, HACTL_FENCE_AGENT, HACTL_FENCE_ACTION, HACTL_FENCE_OUTCOME and
# HACTL_FENCE_MILLIS. A non-zero exit is logged by the agent and counted in its metrics.
set -u

kind=${HACTL_EVENT_KIND:-unknown}
case "$kind" in
  blocked | failover | error | disable) priority=daemon.err ;;
  fence)
    if [ "${HACTL_FENCE_OUTCOME:-}" = ok ]; then priority=daemon.warning; else priority=daemon.err; fi
    ;;
  ban | failure | fence-result) priority=daemon.warning ;;
  *) priority=daemon.notice ;;
esac

exec logger -t hactl -p "$priority" -- \
  "#${HACTL_EVENT_SEQUENCE:-?} ${kind} node=${HACTL_NODE:-?} service=${HACTL_SERVICE:--}:" \
  "${HACTL_MESSAGE:-}"
