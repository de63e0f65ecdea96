# shellcheck shell=bash
# A throwaway OpenSSH server on loopback, for the tests that put sockpipe
# where users put netcat: ssh's ProxyCommand.  Load after helper and sock.
#
# ssh_start: make a host key and a client key in $BATS_FILE_TMPDIR/ssh (once
# per file), start sshd on a free loopback port (in BG_PIDS, so teardown's
# bg_cleanup ends it) and wait until it listens.  Sets SSH_PORT, SSH_DIR.
# Skips when sshd is missing or we are not root (sshd's privilege
# separation needs root).
ssh_start() {
	local d=$BATS_FILE_TMPDIR/ssh
	[ -x /usr/sbin/sshd ] || skip "sshd is not installed (openssh-server)"
	command -v ssh >/dev/null || skip "ssh is not installed"
	require_root
	SSH_DIR=$d
	if [ ! -f "$d/client" ]; then
		mkdir -p "$d"
		ssh-keygen -q -t ed25519 -N '' -f "$d/host" || return
		ssh-keygen -q -t ed25519 -N '' -f "$d/client" || return
	fi
	mkdir -p /run/sshd
	SSH_PORT=$(free_port)
	cat >"$d/sshd_config" <<-EOF
		ListenAddress 127.0.0.1:$SSH_PORT
		HostKey $d/host
		AuthorizedKeysFile $d/client.pub
		PidFile none
		StrictModes no
		UsePAM no
		PermitRootLogin prohibit-password
		PasswordAuthentication no
		KbdInteractiveAuthentication no
		AllowTcpForwarding yes
		LogLevel ERROR
	EOF
	bg_start /usr/sbin/sshd -D -e -f "$d/sshd_config" \
	    </dev/null 2>>"$d/sshd.log"
	wait_until sock_established_listen "$SSH_PORT"
	# The client's configuration: the test's keys, no known_hosts
	# kept, never a question.
	cat >"$d/ssh_config" <<-EOF
		Host *
		    User root
		    IdentityFile $d/client
		    IdentitiesOnly yes
		    BatchMode yes
		    StrictHostKeyChecking no
		    UserKnownHostsFile /dev/null
		    LogLevel ERROR
		    ConnectTimeout 10
	EOF
}

# ssh_run ssh-options... -- command: ssh to the test sshd with the test
# configuration, at most 20 seconds (a hang is a failure, not a stuck suite).
ssh_run() {
	timeout 20 ssh -F "$SSH_DIR/ssh_config" -p "$SSH_PORT" "$@"
}
