# The OBJECT operand of the mq* commands: live msg objects (ipc-common.fish).
source (status dirname)/ipc-common.fish
function __ipctools_mq_objects
    if string match -q -- 'posix:*' (commandline -ct)
        __ipctools_mq_posix
        return
    end
    __ipctools_objects /proc/sysvipc/msg
    __ipctools_mq_posix
end

# The live POSIX queues, the files of the mqueue mount, as posix:/NAME.
function __ipctools_mq_posix
    for f in /dev/mqueue/*
        test -e $f; and printf 'posix:/%s\tPOSIX queue\n' (basename $f)
    end
end
