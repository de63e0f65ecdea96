# The OBJECT operand of the mq* commands: live msg objects (ipc-common.fish).
source (status dirname)/ipc-common.fish
function __ipctools_mq_objects
    if string match -q -- 'posix:*' (commandline -ct)
        __ipctools_posix /dev/mqueue '' 'POSIX queue'
        return
    end
    __ipctools_objects /proc/sysvipc/msg
    __ipctools_posix /dev/mqueue '' 'POSIX queue'
end
