# bash completion for dossier(1).
#
# The candidates come from the program itself, `dossier __complete WORD...`
# (cli/complete.c): the commands and options of its own tables and, inside a
# dossier, its stages, participants, comment ids, revisions and provisions
# (eIds and citations). Installed where bash-completion's pkg-config says
# (completionsdir); loaded on demand for the command `dossier`.

_dossier()
{
    local cur prev words cword
    _init_completion -n =: || return

    local IFS=$'\n'
    local -a cands
    # the words as typed, up to the one being completed; the program removes
    # their shell quoting itself (nothing here evaluates them)
    cands=($(command "${words[0]}" __complete -- "${words[@]:1:cword}" 2>/dev/null)) || return

    case ${cands[0]-} in
    :files)
        _filedir
        return
        ;;
    :dirs)
        _filedir -d
        return
        ;;
    esac
    # readline replaces only what follows the '=' of --option=value
    if [[ $cur == --*=* && $COMP_WORDBREAKS == *=* ]]; then
        cands=("${cands[@]#"${cur%%=*}="}")
    fi
    # a citation has blanks ("Điều 5 khoản 2"): quoted, unless the word
    # being typed opened a quote itself
    if [[ $cur != [\"\']* ]]; then
        local i
        for i in "${!cands[@]}"; do
            printf -v "cands[i]" %q "${cands[i]}"
        done
    fi
    COMPREPLY=("${cands[@]}")
} &&
    complete -F _dossier dossier
