# The OBJECT operand of the mq* commands: live msg objects (ipc-common.fish).
source (status dirname)/ipc-common.fish
function __ipctools_mq_objects
    __ipctools_objects /proc/sysvipc/msg
end
