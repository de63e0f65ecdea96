# fish completion for shmls(1) of ipctools(7).
source (status dirname)/shm-common.fish
complete -c shmls -f
complete -c shmls -s h -d 'print usage and exit'
complete -c shmls -s V -d 'print the version and exit'
complete -c shmls -s A -d 'System V and POSIX segments in one listing'
complete -c shmls -s X -d 'POSIX segments instead of System V ones'
complete -c shmls -s H -d 'no header line'
complete -c shmls -s j -d 'JSON'
complete -c shmls -s g -d 'the system limits and their use'
complete -c shmls -s p -x -a '(__fish_complete_pids)' -d 'only the objects this process maps or holds open'
complete -c shmls -s u -x -a '(__fish_complete_users)' -d "only this user's objects"
complete -c shmls -s o -x -d 'the table columns' -a '(__ipctools_ls_o shmls)'
complete -c shmls -a '(__ipctools_shm_objects)'
