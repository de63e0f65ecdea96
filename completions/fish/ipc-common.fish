# The OBJECT operand of the shm*, mq* and sem* commands of ipctools(7),
# for their fish completions: the keys and id:N of the live objects listed
# in a /proc/sysvipc file, or files when the token holds a '/'
# (PATH[:PROJ]).  Usage: __ipctools_objects /proc/sysvipc/shm
function __ipctools_objects
    set -l tok (commandline -ct)
    if string match -q -- '*/*' $tok
        __fish_complete_path $tok
        return
    end
    test -r $argv[1]; or return
    tail -n +2 $argv[1] | while read -l key id rest
        if test $key -lt 0
            set key (math $key + 4294967296)
        end
        test $key -ne 0; and printf '0x%08x\tkey\n' $key
        printf 'id:%s\tidentifier\n' $id
    end
end
