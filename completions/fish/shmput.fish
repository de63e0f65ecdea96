# fish completion for shmput(1) of ipctools(7).
source (status dirname)/shm-common.fish
complete -c shmput -f
complete -c shmput -s h -d 'print usage and exit'
complete -c shmput -s V -d 'print the version and exit'
complete -c shmput -s z -d 'zero-fill the rest of the segment'
complete -c shmput -s o -x -d 'write at this offset'
complete -c shmput -a '(__ipctools_shm_objects)'
