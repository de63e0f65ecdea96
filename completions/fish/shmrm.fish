# fish completion for shmrm(1) of ipctools(7).
source (status dirname)/shm-common.fish
complete -c shmrm -f
complete -c shmrm -s h -d 'print usage and exit'
complete -c shmrm -s V -d 'print the version and exit'
complete -c shmrm -s a -d 'remove every unattached segment of the caller'
complete -c shmrm -s f -d 'ignore segments that do not exist'
complete -c shmrm -s n -d 'print what would be removed, remove nothing'
complete -c shmrm -a '(__ipctools_shm_objects)'
