#!/bin/sh
# An hactl alert hook: mails the events an operator must act on (BLOCKED, failovers, failed fence
# attempts, bans, errors) to the recipient set below, with sendmail if present, else mail(1).
# Other events are ignored. hactl runs hooks with the HACTL_* variables only, so the recipient is
# written here: edit the to= line (or install one copy per recipient). Configure it like alert-syslog.sh, with a timeout that covers a slow
# mail server, e.g. timeout: 30s.
set -u

to=root

kind=${HACTL_EVENT_KIND:-unknown}
case "$kind" in
  blocked | failover | ban | error | disable) ;;
  fence) [ "${HACTL_FENCE_OUTCOME:-}" = ok ] && exit 0 ;;
  *) exit 0 ;;
esac

subject="hactl: ${kind} of ${HACTL_SERVICE:-the cluster} on ${HACTL_NODE:-?}"
body=$(printf '%s\n\n%s\n%s\n%s\n' \
  "${HACTL_MESSAGE:-}" \
  "time:     ${HACTL_TIME:-?}" \
  "state:    ${HACTL_FROM_STATE:-} -> ${HACTL_STATE:-}" \
  "event:    #${HACTL_EVENT_SEQUENCE:-?} (see hactl history)")

if command -v sendmail >/dev/null 2>&1; then
  printf 'To: %s\nSubject: %s\n\n%s\n' "$to" "$subject" "$body" | sendmail -t
elif command -v mail >/dev/null 2>&1; then
  printf '%s\n' "$body" | mail -s "$subject" "$to"
else
  echo "alert-mail.sh: neither sendmail nor mail is installed; event not mailed" >&2
  exit 1
fi
