# fish completion for semls(1) of ipctools(7).
source (status dirname)/sem-common.fish
complete -c semls -f
complete -c semls -s H -d 'no header line'
complete -c semls -s j -d "JSON, with each set's semaphores"
complete -c semls -s h -d 'print usage and exit'
complete -c semls -s V -d 'print the version and exit'
complete -c semls -s A -d 'System V and POSIX semaphores in one listing'
complete -c semls -s X -d 'POSIX semaphores instead of System V ones'
complete -c semls -s g -d 'the system limits and their use'
complete -c semls -s p -x -a '(__fish_complete_pids)' -d 'only the objects this process maps or holds open'
complete -c semls -s u -x -a '(__fish_complete_users)' -d "only this user's objects"
complete -c semls -s o -x -d 'the table columns' -a '(__ipctools_ls_o semls)'
complete -c semls -a '(__ipctools_sem_objects)'
