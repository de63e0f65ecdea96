# fish completion for shmnew(1) of ipctools(7).
source (status dirname)/shm-common.fish
complete -c shmnew -f
complete -c shmnew -s h -d 'print usage and exit'
complete -c shmnew -s V -d 'print the version and exit'
complete -c shmnew -s x -d 'fail if a segment with the key exists'
complete -c shmnew -s m -x -a '0600 0640 0644 0660 0666' -d 'mode of a new segment'
complete -c shmnew -s s -x -a '4k 64k 1m' -d 'size of the segment'
complete -c shmnew -a '(__ipctools_shm_objects)'
