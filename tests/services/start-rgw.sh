#!/usr/bin/env bash
# start-rgw.sh DIR PORT
# The S3 server of tarz's tests: a throw-away single-node Ceph cluster (1 mon,
# 1 osd, no mgr) and a RADOS Gateway (S3) listening on 127.0.0.1:PORT.
# Everything lives under DIR; DIR/s3.env gets the endpoint and the user's keys
# (the tests read it through TARZ_TEST_S3_ENV). .ci/run starts it.
# Needs: apt-get install --no-install-recommends radosgw ceph-mon ceph-osd
# Env knobs: MON_PORT (default PORT+1), OBJECTSTORE (memstore|bluestore,
#   default memstore), STORE_BYTES (default 4 GiB), S3_ACCESS_KEY,
#   S3_SECRET_KEY, START_TIMEOUT (seconds, default 120).
set -euo pipefail

DIR=${1:?usage: start-rgw.sh DIR PORT}
PORT=${2:?usage: start-rgw.sh DIR PORT}
MON_PORT=${MON_PORT:-$((PORT + 1))}
OBJECTSTORE=${OBJECTSTORE:-memstore}
STORE_BYTES=${STORE_BYTES:-$((4 * 1024 * 1024 * 1024))}
ACCESS_KEY=${S3_ACCESS_KEY:-ci-access-key}
SECRET_KEY=${S3_SECRET_KEY:-ci-secret-key-0123456789}
TIMEOUT=${START_TIMEOUT:-120}

case $OBJECTSTORE in memstore|bluestore) ;; *) echo "start-rgw: OBJECTSTORE must be memstore or bluestore" >&2; exit 1;; esac
for b in ceph-mon ceph-osd radosgw radosgw-admin ceph ceph-authtool monmaptool uuidgen curl; do
  command -v "$b" >/dev/null || { echo "start-rgw: missing $b (apt-get install --no-install-recommends radosgw ceph-mon ceph-osd curl uuid-runtime)" >&2; exit 1; }
done

for p in "$PORT" "$MON_PORT"; do
  if (exec 3<>"/dev/tcp/127.0.0.1/$p") 2>/dev/null; then
    echo "start-rgw: 127.0.0.1:$p is already in use" >&2; exit 1
  fi
done

mkdir -p "$DIR"
DIR=$(cd "$DIR" && pwd)
if [ -e "$DIR/ceph.conf" ]; then
  echo "start-rgw: $DIR already holds a cluster; run stop-rgw.sh $DIR and remove it first" >&2
  exit 1
fi
mkdir -p "$DIR/mon.a" "$DIR/osd.0" "$DIR/log" "$DIR/run" "$DIR/crash" "$DIR/rgw.a"
CONF=$DIR/ceph.conf
T0=$(date +%s.%N)
t() { awk -v a="$T0" -v b="$(date +%s.%N)" -v m="$*" 'BEGIN{printf "start-rgw: [%5.1fs] %s\n", b-a, m}'; }

FSID=$(uuidgen)
cat >"$CONF" <<EOF
[global]
fsid = $FSID
mon host = [v2:127.0.0.1:$MON_PORT]
public addr = 127.0.0.1
cluster addr = 127.0.0.1
ms bind ipv6 = false
ms bind msgr1 = false
auth cluster required = cephx
auth service required = cephx
auth client required = cephx
auth allow insecure global id reclaim = false
keyring = $DIR/keyring
run dir = $DIR/run
admin socket = $DIR/run/\$name.asok
pid file = $DIR/run/\$name.pid
log file = $DIR/log/\$name.log
crash dir = $DIR/crash
mon cluster log file = $DIR/log/cluster.log
osd pool default size = 1
osd pool default min size = 1
osd pool default pg num = 8
osd pool default pgp num = 8
osd pool default pg autoscale mode = off
osd crush chooseleaf type = 0
mon allow pool size one = true
mon allow pool delete = true
mon warn on pool no redundancy = false
mon max pg per osd = 1000
mon data avail warn = 1
mon data avail crit = 0

[mon]
mon data = $DIR/mon.\$id
paxos propose interval = 0.1

[osd]
osd data = $DIR/osd.\$id
keyring = $DIR/osd.\$id/keyring
osd objectstore = $OBJECTSTORE
osd crush initial weight = 1
memstore device bytes = $STORE_BYTES
bluestore block create = true
bluestore block size = $STORE_BYTES
bluestore fsck on mount = false
osd memory target = 1073741824

[client.rgw.a]
rgw frontends = beast endpoint=127.0.0.1:$PORT tcp_nodelay=1
rgw data = $DIR/rgw.a
rgw thread pool size = 64
# deleted/overwritten data is freed by rgw GC; default waits 2 h (memstore keeps it in RAM)
rgw gc obj min wait = 10
rgw gc processor period = 10
rgw gc processor max time = 10
EOF

# Keys: mon., client.admin and client.rgw.a are seeded into the mon at mkfs.
K=$DIR/keyring
ceph-authtool --create-keyring "$K" --gen-key -n mon. --cap mon 'allow *' >/dev/null
ceph-authtool "$K" --gen-key -n client.admin --cap mon 'allow *' --cap osd 'allow *' --cap mgr 'allow *' --cap mds 'allow *' >/dev/null
ceph-authtool "$K" --gen-key -n client.rgw.a --cap mon 'allow rw' --cap osd 'allow rwx' --cap mgr 'allow rw' >/dev/null
monmaptool --create --fsid "$FSID" --addv a "[v2:127.0.0.1:$MON_PORT]" "$DIR/monmap" >/dev/null
ceph-mon -c "$CONF" -i a --mkfs --monmap "$DIR/monmap" --keyring "$K"
t "mon mkfs done"

# On any failure from here on, stop whatever was started.
HERE=$(cd "$(dirname "$0")" && pwd)
trap 'rc=$?; [ $rc = 0 ] || { echo "start-rgw: failed (rc=$rc); stopping daemons, logs in $DIR/log" >&2; "$HERE/stop-rgw.sh" "$DIR"; }' EXIT

# Start a daemon in the foreground, detached, and record its pid.
launch() { # name cmd...
  local name=$1; shift
  nohup "$@" -f >"$DIR/log/$name.stdout" 2>&1 </dev/null &
  echo $! >"$DIR/run/$name.launch.pid"
}
launch mon.a ceph-mon -c "$CONF" -i a
C="ceph -c $CONF --connect-timeout 30"

OSD_UUID=$(uuidgen)
OSD_SECRET=$(ceph-authtool --gen-print-key)
printf '[osd.0]\n\tkey = %s\n' "$OSD_SECRET" >"$DIR/osd.0/keyring"
printf '{"cephx_secret": "%s"}' "$OSD_SECRET" >"$DIR/osd.0/new.json"
OSD_ID=$($C osd new "$OSD_UUID" -i "$DIR/osd.0/new.json")
rm -f "$DIR/osd.0/new.json"
[ "$OSD_ID" = 0 ] || { echo "start-rgw: unexpected osd id '$OSD_ID'" >&2; exit 1; }
t "mon up, osd.0 registered"
ceph-osd -c "$CONF" -i 0 --mkfs --osd-uuid "$OSD_UUID" >"$DIR/log/osd.0.mkfs" 2>&1 ||
  { cat "$DIR/log/osd.0.mkfs" >&2; exit 1; }
t "osd mkfs done ($OBJECTSTORE)"
launch osd.0 ceph-osd -c "$CONF" -i 0
launch rgw.a radosgw -c "$CONF" -n client.rgw.a

# Wait for S3 to answer (anonymous ListBuckets returns 200).
code=000
for _ in $(seq 1 $((TIMEOUT * 5))); do
  code=$(curl -s -o /dev/null -m 2 -w '%{http_code}' "http://127.0.0.1:$PORT/" || true)
  [ "$code" = 200 ] && break
  for n in mon.a osd.0 rgw.a; do # a dead daemon (or zombie) has no cmdline
    tr '\0' ' ' <"/proc/$(cat "$DIR/run/$n.launch.pid")/cmdline" 2>/dev/null | grep -q . || {
      echo "start-rgw: $n died; tail of $DIR/log/$n.log:" >&2
      tail -30 "$DIR/log/$n.log" "$DIR/log/$n.stdout" >&2; exit 1; }
  done
  sleep 0.2
done
[ "$code" = 200 ] || { echo "start-rgw: S3 did not answer on 127.0.0.1:$PORT within ${TIMEOUT}s" >&2; exit 1; }
t "S3 answers on 127.0.0.1:$PORT"

radosgw-admin -c "$CONF" -n client.admin user create --uid=ci --display-name="CI user" \
  --access-key="$ACCESS_KEY" --secret-key="$SECRET_KEY" >"$DIR/user.json"
t "user created"

# Warm-up: make radosgw create its bucket index/data/non-ec pools now (about
# 0.5 s each) instead of during the first test. curl 7.88 signs SigV4 itself;
# it needs x-amz-content-sha256 given and "?uploads=" instead of "?uploads".
if [ "${WARMUP:-1}" = 1 ]; then
  s3() { curl -sS --fail -o "${OUTF:-/dev/null}" --aws-sigv4 "aws:amz:us-east-1:s3" \
    --user "$ACCESS_KEY:$SECRET_KEY" -H 'x-amz-content-sha256: UNSIGNED-PAYLOAD' "$@"; }
  W="http://127.0.0.1:$PORT/start-rgw-warmup"
  s3 -X PUT "$W"
  s3 -X PUT --data-binary warm "$W/o"
  OUTF=$DIR/run/warmup.xml s3 -X POST "$W/m?uploads="
  UPLOAD_ID=$(sed -n 's:.*<UploadId>\(.*\)</UploadId>.*:\1:p' "$DIR/run/warmup.xml")
  s3 -X DELETE "$W/m?uploadId=$UPLOAD_ID"
  s3 -X DELETE "$W/o"
  s3 -X DELETE "$W"
  t "warm-up done (all rgw pools exist)"
fi

cat >"$DIR/s3.env" <<EOF
S3_ENDPOINT=http://127.0.0.1:$PORT
AWS_ACCESS_KEY_ID=$ACCESS_KEY
AWS_SECRET_ACCESS_KEY=$SECRET_KEY
AWS_REGION=us-east-1
EOF
cat "$DIR/s3.env"
