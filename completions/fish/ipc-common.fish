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

# The POSIX objects that are the files of a directory, as posix:/NAME
# with a description: with a prefix, only the files that begin with it,
# without it (sem.NAME is the semaphore /NAME); without one, every file
# but a semaphore's.  Usage: __ipctools_posix /dev/shm sem. 'POSIX semaphore'
function __ipctools_posix
    for f in $argv[1]/$argv[2]*
        test -e $f; or continue
        set -l n (basename $f)
        if test -n "$argv[2]"
            set n (string replace -- $argv[2] '' $n)
        else if test $argv[1] = /dev/shm; and string match -q -- 'sem.*' $n
            continue
        end
        printf 'posix:/%s\t%s\n' $n $argv[3]
    end
end

# The LIST of -o of shmls, mqls and semls: the column names (those of the
# limits view after -g, of POSIX objects after -X, of both families'
# view after -A), each after what the
# token already holds up to its last ',' or leading '+'; "help" alone.
# The command names its columns itself (-o help), so a new column needs
# no change here.  Usage: __ipctools_ls_o shmls
function __ipctools_ls_o
    set -l tok (commandline -ct)
    set -l pre (string match -r -- '^.*[,+]' $tok)
    set -l view
    for w in (commandline -opc)
        if string match -qr -- '^-[^-o]*[gXA]' $w
            if string match -qr -- '^-[^-o]*g' $w
                set view -g
            else if string match -qr -- '^-[^-o]*A' $w
                set view -A
            else
                set view -X
            end
            break
        end
    end
    set -l cols (command $argv[1] $view -o help 2>/dev/null | string replace -r -- ' .*' '')
    test -z "$pre"; and set -a cols help
    for c in $cols
        contains -- $c (string split , -- (string trim -c + -- "$pre"))
        or printf '%s%s\n' "$pre" $c
    end
end
