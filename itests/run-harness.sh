#!/bin/sh
# Runs a main class of the itests harness with the classpath Maven wrote, building first if
# needed. Usage: run-harness.sh MAIN_CLASS [ARGS...]
# Extra JVM options (e.g. -Dhx.sessionTimeout=6s -Dhx.isolation=plain) come from HX_OPTS.
set -eu
here=$(CDPATH='' cd -- "$(dirname -- "$0")" && pwd)
top=$(dirname -- "$here")
jar="$top/cli/target/hactl.jar"
cpfile="$here/target/runtime.classpath"
if [ ! -f "$jar" ] || [ ! -f "$cpfile" ] || [ ! -d "$here/target/classes" ]; then
  echo "building hactl and the harness first (mvn -o -q install -DskipTests)" >&2
  (cd "$top" && mvn -o -q -B install -DskipTests)
fi
main=$1
shift
# shellcheck disable=SC2086 # HX_OPTS is a list of JVM options
exec java ${HX_OPTS:-} \
  -Dhactl.jar="$jar" \
  -Dhx.classpathFile="$cpfile" \
  -Dhx.runDir="$here/target/hx-runs" \
  -cp "$here/target/classes:$(cat "$cpfile")" \
  "$main" "$@"
