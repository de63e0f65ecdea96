# The OBJECT operand of the sem* commands of ipctools(7), for their fish
# completions: the keys and id:N of live semaphore sets, or files when the
# token holds a '/' (PATH[:PROJ]).
function __ipctools_sem_objects
    set -l tok (commandline -ct)
    if string match -q -- '*/*' $tok
        __fish_complete_path $tok
        return
    end
    test -r /proc/sysvipc/sem; or return
    tail -n +2 /proc/sysvipc/sem | while read -l key id rest
        if test $key -lt 0
            set key (math $key + 4294967296)
        end
        test $key -ne 0; and printf '0x%08x\tkey\n' $key
        printf 'id:%s\tidentifier\n' $id
    end
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
