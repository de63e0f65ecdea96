# fish completion for mqrecv(1) of ipctools(7).
source (status dirname)/mq-common.fish
complete -c mqrecv -f
complete -c mqrecv -s 0 -d 'write a NUL after each message'
complete -c mqrecv -s a -d 'write nothing between messages'
complete -c mqrecv -s B -d 'write binary records that mqsend -B reads'
complete -c mqrecv -s c -x -d 'stop after this many messages'
complete -c mqrecv -s e -d 'stop at the end-of-stream mark'
complete -c mqrecv -s h -d 'print usage and exit'
complete -c mqrecv -s j -d 'write each message as a line of JSON'
complete -c mqrecv -s n -d 'take only what is queued now'
complete -c mqrecv -s p -d 'print every message without taking it'
complete -c mqrecv -s T -d 'write each type and a TAB before its message'
complete -c mqrecv -s t -x -d 'type: 0 any, N that type, -N lowest up to N'
complete -c mqrecv -s V -d 'print the version and exit'
complete -c mqrecv -s w -x -d 'give up waiting after these seconds'
complete -c mqrecv -s x -d 'every type except that of -t'
complete -c mqrecv -a '(__ipctools_mq_objects)'
