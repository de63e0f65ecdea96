# The OBJECT operand of the shm* commands: live shm objects (ipc-common.fish).
source (status dirname)/ipc-common.fish
function __ipctools_shm_objects
    __ipctools_objects /proc/sysvipc/shm
end
