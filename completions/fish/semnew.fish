# fish completion for semnew(1) of ipctools(7).
source (status dirname)/sem-common.fish
complete -c semnew -f
complete -c semnew -s h -d 'print usage and exit'
complete -c semnew -s V -d 'print the version and exit'
complete -c semnew -s x -d 'fail if the set exists'
complete -c semnew -s m -x -a '0600 0640 0660 0666' -d 'mode of a new set'
complete -c semnew -s n -x -d 'semaphores in a new set (1 to SEMMSL)'
complete -c semnew -s v -x -d 'value of each semaphore (0 to 32767)'
complete -c semnew -a '(__ipctools_sem_objects)'
