# fish completion for semop(1) of ipctools(7): options end at the object;
# then come ops ([INDEX:]DELTA), then -- and a command.
source (status dirname)/sem-common.fish
complete -c semop -f
complete -c semop -n '__ipctools_semop_expects | string match -q option' -s h -d 'print usage and exit'
complete -c semop -n '__ipctools_semop_expects | string match -q option' -s n -d 'never wait: exit 75 instead'
complete -c semop -n '__ipctools_semop_expects | string match -q option' -s V -d 'print the version and exit'
complete -c semop -n '__ipctools_semop_expects | string match -q option' -s w -x -d 'give up after seconds'
complete -c semop -n '__ipctools_semop_expects | string match -qr "option|object"' -a '(__ipctools_sem_objects)'
complete -c semop -n '__ipctools_semop_expects | string match -q op' -a '-1\t"take 1" +1\t"give 1" 0\t"wait until zero" --\t"run a command"'
complete -c semop -n '__ipctools_semop_expects | string match -q command' -a '(__fish_complete_command)'
complete -c semop -n '__ipctools_semop_expects | string match -q arg' -F
