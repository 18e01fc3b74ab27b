#!/usr/bin/env bash
# start-sshd.sh DIR PORT
# The SFTP server of tarz's tests: OpenSSH's sshd on 127.0.0.1:PORT with a generated host
# key and a generated client key for the current user. Writes DIR/ssh_config, which the
# tests pass as TARZ_RSH="ssh -F DIR/ssh_config" (host alias "sftp-test", BatchMode, the
# host key pinned), and DIR/sshd.pid. Stop it with stop-sshd.sh DIR.
# Run as root, it also lets the same key log in as "nobody" (host alias "sftp-test-nobody"):
# root writes anywhere, so a test of a directory it may not write to needs another user.
set -euo pipefail
DIR=${1:?usage: start-sshd.sh DIR PORT}
PORT=${2:?usage: start-sshd.sh DIR PORT}
for b in sshd ssh ssh-keygen; do
  command -v "$b" >/dev/null || [ -x "/usr/sbin/$b" ] ||
    { echo "start-sshd: missing $b (apt-get install openssh-server openssh-client)" >&2; exit 1; }
done
SSHD=$(command -v sshd || echo /usr/sbin/sshd)
mkdir -p "$DIR" /run/sshd
DIR=$(cd "$DIR" && pwd)
ssh-keygen -q -t ed25519 -N '' -f "$DIR/host_key"
ssh-keygen -q -t ed25519 -N '' -f "$DIR/client_key"
cp "$DIR/client_key.pub" "$DIR/authorized_keys"
chmod 600 "$DIR/authorized_keys"
cat >"$DIR/sshd_config" <<CONF
ListenAddress 127.0.0.1
Port $PORT
HostKey $DIR/host_key
PidFile $DIR/sshd.pid
AuthorizedKeysFile $DIR/authorized_keys
PasswordAuthentication no
KbdInteractiveAuthentication no
PermitRootLogin prohibit-password
StrictModes no
UsePAM no
Subsystem sftp internal-sftp
LogLevel ERROR
CONF
if [ "$(id -u)" = 0 ]; then
  # nobody cannot read DIR; sshd asks root for the key instead
  cat >>"$DIR/sshd_config" <<CONF
AuthorizedKeysCommand /bin/cat $DIR/authorized_keys
AuthorizedKeysCommandUser root
CONF
fi
echo "[127.0.0.1]:$PORT $(cut -d' ' -f1,2 "$DIR/host_key.pub")" >"$DIR/known_hosts"
cat >"$DIR/ssh_config" <<CONF
Host sftp-test
  HostName 127.0.0.1
  Port $PORT
  User $(id -un)
  IdentityFile $DIR/client_key
  IdentitiesOnly yes
  UserKnownHostsFile $DIR/known_hosts
  StrictHostKeyChecking yes
  BatchMode yes
  ConnectTimeout 10
CONF
if [ "$(id -u)" = 0 ]; then
  sed -e 's/^Host sftp-test$/Host sftp-test-nobody/' -e 's/^  User .*/  User nobody/' \
    "$DIR/ssh_config" >"$DIR/ssh_config.nobody"
  cat "$DIR/ssh_config.nobody" >>"$DIR/ssh_config"
  rm "$DIR/ssh_config.nobody"
fi
nohup "$SSHD" -D -e -f "$DIR/sshd_config" >"$DIR/sshd.log" 2>&1 </dev/null &
echo $! >"$DIR/sshd.launch.pid"
for _ in $(seq 1 100); do
  (exec 3<>"/dev/tcp/127.0.0.1/$PORT") 2>/dev/null && exit 0
  kill -0 "$(cat "$DIR/sshd.launch.pid")" 2>/dev/null || { cat "$DIR/sshd.log" >&2; exit 1; }
  sleep 0.1
done
echo "start-sshd: sshd did not listen on 127.0.0.1:$PORT" >&2
exit 1
