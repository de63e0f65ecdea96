# fish completion for shmrm(1) of ipctools(7).
source (status dirname)/shm-common.fish
complete -c shmrm -f
complete -c shmrm -s h -d 'print usage and exit'
complete -c shmrm -s V -d 'print the version and exit'
complete -c shmrm -s X -d 'with -a: POSIX segments instead of System V ones'
complete -c shmrm -s a -d 'remove every unattached segment of the caller'
complete -c shmrm -s d -d 'with -a: only those whose creator and last user are gone'
complete -c shmrm -s f -d 'ignore segments that do not exist; with -a: attached ones too'
complete -c shmrm -s i -x -a '1h 1d 7d 30d' -d 'with -a: only those unused for age'
complete -c shmrm -s n -d 'print what would be removed, remove nothing'
complete -c shmrm -s p -x -a '(__fish_complete_pids)' -d 'with -a: only those this process maps or holds open'
complete -c shmrm -s u -x -a '(__fish_complete_users)' -d "with -a: that user's objects instead of the caller's"
complete -c shmrm -s r -r -F -d 'with -a: only keys in a range or of a path'
complete -c shmrm -a '(__ipctools_shm_objects)'
