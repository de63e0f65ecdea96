# fish completion for mqsend(1) of ipctools(7).
source (status dirname)/mq-common.fish
complete -c mqsend -f
complete -c mqsend -s 0 -d 'one message per NUL-terminated record'
complete -c mqsend -s a -d 'all of standard input as one message'
complete -c mqsend -s B -d 'binary records of mqrecv -B, each with its type'
complete -c mqsend -s e -d 'send the end-of-stream mark last'
complete -c mqsend -s h -d 'print usage and exit'
complete -c mqsend -s j -d 'JSON Lines of mqrecv -j, each with its type'
complete -c mqsend -s n -d 'exit 75 instead of waiting on a full queue'
complete -c mqsend -s S -d "cut standard input into messages of the queue's limit"
complete -c mqsend -s T -d 'each message begins with TYPE and a TAB'
complete -c mqsend -s t -x -d 'message type (1 or more)'
complete -c mqsend -s V -d 'print the version and exit'
complete -c mqsend -s w -x -d 'give up on a full queue after these seconds'
complete -c mqsend -a '(__ipctools_mq_objects)'
