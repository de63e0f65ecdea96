# fish completion for sockpipe(1) of ipctools(7).
complete -c sockpipe -f
complete -c sockpipe -s 0 -d 'with -u: NUL-terminated records instead of lines'
complete -c sockpipe -s B -d 'with -u: binary records (mqrecv -B) instead of lines'
complete -c sockpipe -s 4 -d 'IPv4 addresses only'
complete -c sockpipe -s 6 -d 'IPv6 addresses only'
complete -c sockpipe -s h -d 'print usage and exit'
complete -c sockpipe -s k -d 'keep listening: serve clients one after another'
complete -c sockpipe -s l -d 'listen instead of connecting'
complete -c sockpipe -s P -r -F -d 'write the bound port to this file once listening'
complete -c sockpipe -s q -x -d 'end this many seconds after standard input ends'
complete -c sockpipe -s s -x -a '(__fish_print_hostnames)' -d 'connect from this local address'
complete -c sockpipe -s v -d 'say on standard error what was connected'
complete -c sockpipe -s z -d 'probe: connect to each port and close'
complete -c sockpipe -s U -r -F -a '(ss -Hxl 2>/dev/null | string match -r -g \'\s(@\S+)\s\')' -d 'a Unix-domain socket, or @name: an abstract one'
complete -c sockpipe -s u -d 'datagrams: UDP, or Unix-domain datagrams with -U'
complete -c sockpipe -s V -d 'print the version and exit'
complete -c sockpipe -s w -x -d 'connect and idle timeout in seconds'
complete -c sockpipe -n 'not __fish_seen_argument -s U' -a '(__fish_print_hostnames)' -d host
