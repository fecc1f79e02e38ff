# SPDX-License-Identifier: MIT
# bash completion for flushcheck(1).  `make install` puts it in
# $(PREFIX)/share/bash-completion/completions/flushcheck; to try it from
# a checkout: source tools/completion/flushcheck.bash
#
# The options come from `flushcheck --help`, the machine and policy names
# from --list-machines and --list-policies, of the flushcheck being
# completed (build/flushcheck in a checkout), so that a new option, preset
# or policy completes without a change here.

# the command being completed, if it runs; else flushcheck from PATH
_flushcheck_cmd()
{
	local c=${COMP_WORDS[0]}

	c=${c/#\~/$HOME}
	if [[ $c == */* && -x $c ]] || type -P "$c" >/dev/null 2>&1; then
		printf '%s\n' "$c"
	else
		printf 'flushcheck\n'
	fi
}

# names of --list-machines or --list-policies: the words at column 0
_flushcheck_names()
{
	"$(_flushcheck_cmd)" "$1" 2>/dev/null | awk '/^[^ ]/ { print $1 }'
}

# every option of --help, --matrix[=short|long] as its three forms
_flushcheck_options()
{
	"$(_flushcheck_cmd)" --help 2>/dev/null |
		awk '/^ +-/ { for (i = 1; i <= NF; i++) if ($i ~ /^-/) print $i }' |
		sed -e 's/[,]$//' -e 's/^\(--matrix\)\[=short|long\]$/\1\n\1=short\n\1=long/' |
		sort -u
}

# files with one of the extensions given, and directories
_flushcheck_files()
{
	local cur=$1 ext

	shift
	compopt -o filenames 2>/dev/null
	COMPREPLY+=($(compgen -d -- "$cur"))
	for ext in "$@"; do
		COMPREPLY+=($(compgen -f -X "!*.$ext" -- "$cur"))
	done
}

_flushcheck()
{
	local cur=${COMP_WORDS[COMP_CWORD]} prev=${COMP_WORDS[COMP_CWORD-1]}
	local IFS=$'\n'

	COMPREPLY=()
	# '=' breaks words: "--matrix=" arrives as --matrix, =, CUR
	if [[ $prev == = && ${COMP_WORDS[COMP_CWORD-2]} == --matrix ]]; then
		COMPREPLY=($(compgen -W $'short\nlong' -- "$cur"))
		return
	fi
	if [[ $cur == = && $prev == --matrix ]]; then
		COMPREPLY=(short long)
		return
	fi
	case $prev in
	--machine)
		COMPREPLY=($(compgen -W "$(_flushcheck_names --list-machines)" -- "$cur"))
		_flushcheck_files "$cur" machine
		return ;;
	--show-machine)
		COMPREPLY=($(compgen -W "$(_flushcheck_names --list-machines)" -- "$cur"))
		_flushcheck_files "$cur" machine
		return ;;
	--show-policy|--like)
		COMPREPLY=($(compgen -W "$(_flushcheck_names --list-policies)" -- "$cur"))
		return ;;
	--policy)
		COMPREPLY=($(compgen -W "$(_flushcheck_names --list-policies)" -- "$cur"))
		_flushcheck_files "$cur" pol
		return ;;
	--set)
		# the keys of a machine, as --show-machine prints them
		COMPREPLY=($(compgen -S = -W "$("$(_flushcheck_cmd)" --show-machine cortex-a9 2>/dev/null |
			awk '/^[a-z_]+ = / && $1 != "name" && $1 != "about" { print $1 }')" -- "$cur"))
		compopt -o nospace 2>/dev/null
		return ;;
	--reduce)
		# a comma-separated list: complete its last item
		local head=${cur%,*} last=${cur##*,}
		[[ $cur == *,* ]] && head+=, || head=
		COMPREPLY=($(compgen -P "$head" -W $'all\nnone\nspec\nsymmetry\npor' -- "$last"))
		return ;;
	--html)
		compopt -o filenames 2>/dev/null
		COMPREPLY=($(compgen -d -- "$cur"))
		return ;;
	--dot)
		compopt -o filenames 2>/dev/null
		COMPREPLY=($(compgen -f -- "$cur"))
		return ;;
	-j|--jobs|--max-states|--max-memory|--timeout|--only)
		return ;;
	esac
	if [[ $cur == -* ]]; then
		COMPREPLY=($(compgen -W "$(_flushcheck_options)" -- "$cur"))
		return
	fi
	_flushcheck_files "$cur" flush litmus
}

complete -F _flushcheck flushcheck
