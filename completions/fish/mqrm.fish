# fish completion for mqrm(1) of ipctools(7).
source (status dirname)/mq-common.fish
complete -c mqrm -f
complete -c mqrm -s a -d "remove the caller's empty queues"
complete -c mqrm -s d -d 'with -a: only those whose last sender and receiver are gone'
complete -c mqrm -s f -d 'ignore queues that do not exist; with -a: non-empty ones too'
complete -c mqrm -s h -d 'print usage and exit'
complete -c mqrm -s i -x -a '1h 1d 7d 30d' -d 'with -a: only those unused for age'
complete -c mqrm -s n -d 'only print what would be removed'
complete -c mqrm -s p -x -a '(__fish_complete_pids)' -d 'with -a: only those this process maps or holds open'
complete -c mqrm -s u -x -a '(__fish_complete_users)' -d "with -a: that user's objects instead of the caller's"
complete -c mqrm -s r -r -F -d 'with -a: only keys in a range or of a path'
complete -c mqrm -s V -d 'print the version and exit'
complete -c mqrm -s X -d 'with -a: POSIX queues instead of System V ones'
complete -c mqrm -a '(__ipctools_mq_objects)'
