# fish completion for semrm(1) of ipctools(7).
source (status dirname)/sem-common.fish
complete -c semrm -f
complete -c semrm -s a -d "remove the caller's sets no process waits on"
complete -c semrm -s d -d 'with -a: only those whose last users are gone'
complete -c semrm -s f -d 'ignore sets that do not exist; with -a: ones waited on too'
complete -c semrm -s h -d 'print usage and exit'
complete -c semrm -s i -x -a '1h 1d 7d 30d' -d 'with -a: only those unused for age'
complete -c semrm -s n -d 'only print what would be removed'
complete -c semrm -s p -x -a '(__fish_complete_pids)' -d 'with -a: only those this process maps or holds open'
complete -c semrm -s u -x -a '(__fish_complete_users)' -d "with -a: that user's objects instead of the caller's"
complete -c semrm -s r -r -F -d 'with -a: only keys in a range or of a path'
complete -c semrm -s V -d 'print the version and exit'
complete -c semrm -s X -d 'with -a: POSIX semaphores instead of System V ones'
complete -c semrm -a '(__ipctools_sem_objects)'
