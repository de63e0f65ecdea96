# fish completion for mqls(1) of ipctools(7).
source (status dirname)/mq-common.fish
complete -c mqls -f
complete -c mqls -s H -d 'no header line'
complete -c mqls -s j -d 'JSON'
complete -c mqls -s h -d 'print usage and exit'
complete -c mqls -s V -d 'print the version and exit'
complete -c mqls -s A -d 'System V and POSIX queues in one listing'
complete -c mqls -s X -d 'POSIX queues instead of System V ones'
complete -c mqls -s g -d 'the system limits and their use'
complete -c mqls -s p -x -a '(__fish_complete_pids)' -d 'only the objects this process maps or holds open'
complete -c mqls -s u -x -a '(__fish_complete_users)' -d "only this user's objects"
complete -c mqls -s o -x -d 'the table columns' -a '(__ipctools_ls_o mqls)'
complete -c mqls -a '(__ipctools_mq_objects)'
