# fish completion for sockpipe(1) of ipctools(7).
complete -c sockpipe -f
complete -c sockpipe -s 0 -d 'with -u: NUL-terminated records instead of lines'
complete -c sockpipe -s B -d 'with -u: binary records (mqrecv -B) instead of lines'
complete -c sockpipe -s 4 -d 'IPv4 addresses only'
complete -c sockpipe -s 6 -d 'IPv6 addresses only'
complete -c sockpipe -s b -d 'with -u: allow sending to a broadcast address'
complete -c sockpipe -s d -d 'do not read standard input'
complete -c sockpipe -s I -x -d "the socket's receive buffer (SO_RCVBUF)"
complete -c sockpipe -s i -x -d 'seconds between datagrams (-u) or ports (-z)'
complete -c sockpipe -s n -d 'numeric addresses only: no host name looked up'
complete -c sockpipe -s O -x -d "the socket's send buffer (SO_SNDBUF)"
complete -c sockpipe -s p -x -d 'connect from this local port'
complete -c sockpipe -s W -x -d 'with -u: end after this many datagrams'
complete -c sockpipe -s C -r -F -d 'with -c: the certificate to present'
complete -c sockpipe -s c -d 'TLS over the TCP stream'
complete -c sockpipe -s e -x -a '(__fish_print_hostnames)' -d 'with -c: the name to verify in the certificate'
complete -c sockpipe -s H -x -d "with -c: the hash the peer's certificate must have"
complete -c sockpipe -s K -r -F -d 'with -c: the private key of -C'
complete -c sockpipe -s R -r -F -d 'with -c: the certificate authorities to verify with'
complete -c sockpipe -s T -x -a 'noverify\t"verify neither certificate nor name" noname\t"verify the certificate, not the name" clientcert\t"require and verify client certificates" muststaple\t"the server must staple OCSP" tlsall\t"every TLS version" tlscompat\t"the compatible ciphers too" protocols= ciphers=' -d 'with -c: loosen or tighten TLS'
complete -c sockpipe -s F -d 'pass the connected socket to standard output and exit (ssh ProxyUseFdpass)'
complete -c sockpipe -s h -d 'print usage and exit'
complete -c sockpipe -s k -d 'keep listening: serve clients one after another'
complete -c sockpipe -s l -d 'listen instead of connecting'
complete -c sockpipe -s N -d 'half-close at the end of input, through a proxy too'
complete -c sockpipe -s P -r -F -d 'write the bound port to this file once listening'
complete -c sockpipe -s q -x -d 'end this many seconds after standard input ends'
complete -c sockpipe -s s -x -a '(__fish_print_hostnames)' -d 'connect from this local address'
complete -c sockpipe -s v -d 'say on standard error what was connected'
complete -c sockpipe -s X -x -a '4\t"SOCKS 4, 4a for a name" 5\t"SOCKS 5" connect\t"HTTP CONNECT"' -d "with -x: the proxy's protocol"
complete -c sockpipe -s x -x -a '(__fish_print_hostnames)' -d 'connect through this proxy: [user@]proxy[:port]'
complete -c sockpipe -s z -d 'probe: connect to each port and close'
complete -c sockpipe -s U -r -F -a '(ss -Hxl 2>/dev/null | string match -r -g \'\s(@\S+)\s\')' -d 'a Unix-domain socket, or @name: an abstract one'
complete -c sockpipe -s u -d 'datagrams: UDP, or Unix-domain datagrams with -U'
complete -c sockpipe -s V -d 'print the version and exit'
complete -c sockpipe -s w -x -d 'connect and idle timeout in seconds'
complete -c sockpipe -n 'not __fish_seen_argument -s U' -a '(__fish_print_hostnames)' -d host
