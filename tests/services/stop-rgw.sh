#!/usr/bin/env bash
# stop-rgw.sh DIR [--fast] [--purge]
# Stops the test S3 server of tests/services/start-rgw.sh. Stop the daemons that start-rgw.sh DIR started, by the pids it recorded in
# DIR/run/*.launch.pid, in the order radosgw, osd, mon. A pid is signalled only
# while /proc/PID/cmdline still names DIR/ceph.conf (guards against pid reuse).
# Default: SIGTERM, up to 20 s grace each, then SIGKILL (about 2 s in all here).
# --fast: SIGKILL at once (fine for a throw-away memstore cluster).
# --purge: delete DIR afterwards.
set -uo pipefail
DIR=${1:?usage: stop-rgw.sh DIR [--fast] [--purge]}
shift
FAST=0 PURGE=0
for a in "$@"; do
  case $a in --fast) FAST=1 ;; --purge) PURGE=1 ;; *) echo "stop-rgw: unknown option $a" >&2; exit 2 ;; esac
done
[ -d "$DIR" ] || { echo "stop-rgw: no such directory $DIR" >&2; exit 0; }
DIR=$(cd "$DIR" && pwd)
ours() { tr '\0' ' ' <"/proc/$1/cmdline" 2>/dev/null | grep -qF -- "$DIR/ceph.conf"; }
for n in rgw.a osd.0 mon.a; do
  f=$DIR/run/$n.launch.pid
  [ -s "$f" ] || continue
  pid=$(cat "$f")
  if ours "$pid"; then
    if [ $FAST = 1 ]; then
      kill -KILL "$pid" 2>/dev/null
    else
      kill -TERM "$pid" 2>/dev/null
      for _ in $(seq 1 100); do ours "$pid" || break; sleep 0.2; done
      if ours "$pid"; then
        echo "stop-rgw: $n (pid $pid) ignored SIGTERM for 20 s, sending SIGKILL" >&2
        kill -KILL "$pid" 2>/dev/null
      fi
    fi
  fi
  rm -f "$f"
done
if [ $FAST = 1 ]; then # wait until the killed processes are gone
  for _ in $(seq 1 50); do pgrep -f -- "$DIR/ceph.conf" >/dev/null || break; sleep 0.1; done
fi
[ $PURGE = 1 ] && rm -rf "$DIR"
exit 0
