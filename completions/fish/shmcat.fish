# fish completion for shmcat(1) of ipctools(7).
source (status dirname)/shm-common.fish
complete -c shmcat -f
complete -c shmcat -s h -d 'print usage and exit'
complete -c shmcat -s V -d 'print the version and exit'
complete -c shmcat -s z -d 'stop at the first NUL byte'
complete -c shmcat -s n -x -d 'write this many bytes'
complete -c shmcat -s o -x -d 'start at this offset'
complete -c shmcat -a '(__ipctools_shm_objects)'
