# The OBJECT operand of the shm* commands: live shm objects (ipc-common.fish).
source (status dirname)/ipc-common.fish
function __ipctools_shm_objects
    if string match -q -- 'posix:*' (commandline -ct)
        __ipctools_posix /dev/shm '' 'POSIX segment'
        return
    end
    __ipctools_objects /proc/sysvipc/shm
    __ipctools_posix /dev/shm '' 'POSIX segment'
end
