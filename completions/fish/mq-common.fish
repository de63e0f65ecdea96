# The OBJECT operand of the mq* commands of ipctools(7), for their fish
# completions: the keys and id:N of live queues, or files when the token
# holds a '/' (PATH[:PROJ]).
function __ipctools_mq_objects
    set -l tok (commandline -ct)
    if string match -q -- '*/*' $tok
        __fish_complete_path $tok
        return
    end
    test -r /proc/sysvipc/msg; or return
    tail -n +2 /proc/sysvipc/msg | while read -l key id rest
        if test $key -lt 0
            set key (math $key + 4294967296)
        end
        test $key -ne 0; and printf '0x%08x\tkey\n' $key
        printf 'id:%s\tidentifier\n' $id
    end
end
