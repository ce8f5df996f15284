
# --- hactl: service and node names from the cluster --------------------------------------------
# The functions above complete commands and options; this completes SERVICE arguments and the
# NODE of --to/--on/--node with the names of the cluster the command line points at, asking
# `hactl complete` (read-only; bounded by HACTL_COMPLETE_TIMEOUT seconds, default 5).
_hactl_cluster_args() {
  local i word
  for ((i = 1; i < COMP_CWORD; i++)); do
    word=${COMP_WORDS[i]}
    case $word in
      -c|--config|--zookeeper|--cluster) printf '%s\n%s\n' "$word" "${COMP_WORDS[i+1]}" ;;
    esac
  done
}

_hactl_names() {
  local IFS=$'\n'
  # shellcheck disable=SC2046
  timeout "${HACTL_COMPLETE_TIMEOUT:-5}" hactl complete "$1" --connect-timeout 2s $(_hactl_cluster_args) 2>/dev/null
}

_hactl_complete_names() {
  _complete_hactl "$@"
  local cur=${COMP_WORDS[COMP_CWORD]} prev=${COMP_WORDS[COMP_CWORD-1]} cmd="" i
  [[ $cur == -* ]] && return 0
  for ((i = 1; i < COMP_CWORD; i++)); do
    case ${COMP_WORDS[i]} in
      -*) ;;
      *) cmd=${COMP_WORDS[i]}; break ;;
    esac
  done
  local IFS=$'\n'
  case $prev in
    --to|--on|--node|-n)
      [[ $cmd == history ]] && return 0
      mapfile -t COMPREPLY < <(compgen -W "$(_hactl_names nodes)" -- "$cur")
      return 0
      ;;
  esac
  case $prev in
    -c|--config|--zookeeper|--cluster|--connect-timeout|--timeout|--since|--last|-o|--output)
      return 0 ;;
  esac
  case $cmd in
    relocate|enable|disable|history|restart|freeze|unfreeze|clear)
      mapfile -t COMPREPLY < <(compgen -W "$(_hactl_names services)" -- "$cur")
      ;;
  esac
  return 0
}
complete -F _hactl_complete_names -o default hactl
