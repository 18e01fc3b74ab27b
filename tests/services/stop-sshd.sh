#!/usr/bin/env bash
# stop-sshd.sh DIR: stops the sshd that start-sshd.sh DIR started, by its pid.
DIR=${1:?usage: stop-sshd.sh DIR}
f=$DIR/sshd.launch.pid
[ -s "$f" ] || exit 0
pid=$(cat "$f")
if tr '\0' ' ' <"/proc/$pid/cmdline" 2>/dev/null | grep -qF -- "$DIR/sshd_config"; then
  kill "$pid" 2>/dev/null
fi
rm -f "$f"
