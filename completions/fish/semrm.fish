# fish completion for semrm(1) of ipctools(7).
source (status dirname)/sem-common.fish
complete -c semrm -f
complete -c semrm -s a -d "remove the caller's sets no process waits on"
complete -c semrm -s f -d 'ignore sets that do not exist'
complete -c semrm -s h -d 'print usage and exit'
complete -c semrm -s n -d 'only print what would be removed'
complete -c semrm -s V -d 'print the version and exit'
complete -c semrm -a '(__ipctools_sem_objects)'
