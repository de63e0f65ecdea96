# The OBJECT operand of the sem* commands: live sem objects (ipc-common.fish).
source (status dirname)/ipc-common.fish
function __ipctools_sem_objects
    if string match -q -- 'posix:*' (commandline -ct)
        __ipctools_posix /dev/shm sem. 'POSIX semaphore'
        return
    end
    __ipctools_objects /proc/sysvipc/sem
    __ipctools_posix /dev/shm sem. 'POSIX semaphore'
end

# semop's words after the command name: what the token under the cursor
# is, "option", "object", "op", "command" or "arg" (options end at the
# object, ops run until --, then come a command and its arguments).
function __ipctools_semop_expects
    set -l state option
    set -l skip 0
    for a in (commandline -opc)[2..-1]
        if test $skip = 1
            set skip 0
            continue
        end
        switch $state
            case option
                switch $a
                    case -w
                        set skip 1
                    case --
                        set state object
                    case '-*'
                    case '*'
                        set state op
                end
            case object
                set state op
            case op
                test "$a" = --; and set state command
            case command arg
                set state arg
        end
    end
    echo $state
end
