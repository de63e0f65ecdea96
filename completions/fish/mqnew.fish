# fish completion for mqnew(1) of ipctools(7).
source (status dirname)/mq-common.fish
complete -c mqnew -f
complete -c mqnew -s h -d 'print usage and exit'
complete -c mqnew -s V -d 'print the version and exit'
complete -c mqnew -s x -d 'fail if the queue exists'
complete -c mqnew -s b -x -d 'set msg_qbytes (k, m, g, t suffixes)'
complete -c mqnew -s M -x -d 'most messages of a new POSIX queue'
complete -c mqnew -s s -x -d 'largest message of a new POSIX queue (k, m, g, t suffixes)'
complete -c mqnew -s m -x -a '0600 0620 0640 0660 0666' -d 'mode of a new queue'
complete -c mqnew -a '(__ipctools_mq_objects)'
