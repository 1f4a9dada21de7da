#!/usr/bin/env bash
#
# check-layers.sh [SOURCE_ROOT]: the include rules of docs/architecture.md,
# checked by grepping the #include lines. The suite runs it (meson test
# "layers"); it prints every broken rule as "file: rule" and exits 1 when
# there is one, 0 when the house is in order.
#
# The rules:
#   1. a third-party library is included only in the files of its module
#      (the LIBRARY table);
#   2. an engine module includes only the modules below it (the DEPS table):
#      their public headers (dossier/X.h, owned as the OWNER table says) and
#      their engine-internal headers (engine/M/M.h and the like); and the
#      modules' graph has no circle;
#   3. a private header (engine/M/*_int.h) is included only inside its own
#      module (and by the unit tests and fuzz targets, which may reach in);
#   4. a public header includes only public headers, of its own module or
#      of those below it, and no third-party header;
#   5. the front ends (cli/, web/) include only the public headers;
#   6. the seconds of a day and an hour are written out only in calendar.h,
#      and only base/revision.c reads a revision name "vN".
#
# An exception is written in ALLOW with the reason and who removes it; the
# list only shrinks.

set -u
root=${1:-$(cd "$(dirname "$0")/.." && pwd)}
cd "$root" || exit 2

fail=0
broken() {
	echo "$1: $2"
	fail=1
}

# The modules, lowest first, and what each may include besides itself.
declare -A DEPS=(
	[base]=""
	[calendar]="base"
	[sign]="base calendar"
	[text]="base calendar"
	[workflow]="base calendar sign"
	[store]="base calendar"
	[render]="base"
	[comment]="base calendar"
	[report]="base calendar text workflow comment"
	[akn]="base calendar text comment report"
	[diff]="base calendar text comment akn render"
	[word]="base calendar text workflow comment report akn diff"
	[facade]="base calendar sign text workflow store render comment report akn diff word"
)

# The module that owns each public header (engine/include/dossier/).
# dossier.h is the umbrella for the front ends; no engine file includes it.
declare -A OWNER=(
	[common.h]=base [error.h]=base [i18n.h]=base [input.h]=base
	[calendar.h]=calendar
	[amend.h]=text [document.h]=text [textparse.h]=text [utf8.h]=text
	[workflow.h]=workflow [machine.h]=workflow [plan.h]=workflow
	[akn.h]=akn
	[render.h]=render
	[comment.h]=comment
	[diff.h]=diff
	[consolidate.h]=report [report.h]=report
	[facade.h]=facade [frontend.h]=facade [import.h]=facade [sync.h]=facade
	[test_seams.h]=facade [keys.h]=facade
	[word.h]=word
)

# Third-party headers (a regular expression on the name between <>) and the
# files or folders that may include them.
declare -A LIBRARY=(
	['git2\.h']="engine/store/"
	['zlib\.h']="engine/store/"
	# OpenSSL: the bulk pack's SHA-1; base64 and SHA-256 of SSH keys
	['openssl/']="engine/store/ engine/sign/sign_ssh.c web/crypto.c"
	['yaml\.h']="engine/workflow/"
	['libxml/']="engine/akn/ engine/render/"
	['libxslt/']="engine/render/"
	['utf8proc\.h']="engine/text/utf8.c"
	# jansson: the records' codec, the JSON outputs and the JSON Lines
	# input of the engine; the web front end's API; the accounts file.
	['jansson\.h']="engine/facade/record.c engine/facade/record_dump.c engine/facade/keys.c engine/facade/query.c engine/facade/frontend.c engine/facade/import.c engine/text/docjson.c engine/diff/diff_format.c engine/workflow/plan_json.c web/ cli/cmd_account.c cli/dump.c"
	['microhttpd\.h']="web/server.c"
	['zip\.h']="engine/word/word_zip.c"
	# dlopen: the engine's second object and the web front end's, each
	# loaded by one file (docs/architecture.md, "Two objects")
	['dlfcn\.h']="engine/base/module.c cli/web_module.c"
)

# Exceptions: "file|header-pattern" -> why, and who takes it away.
declare -A ALLOW=(
)

allowed() { # file header
	local key
	for key in "${!ALLOW[@]}"; do
		if [[ "$1" == "${key%%|*}" && "$2" =~ ${key#*|} ]]; then
			return 0
		fi
	done
	return 1
}

module_of() { # engine/M/file -> M
	local rest=${1#engine/}
	echo "${rest%%/*}"
}

may_include() { # from-module to-module
	[[ "$1" == "$2" ]] && return 0
	[[ " ${DEPS[$1]-} " == *" $2 "* ]]
}

# ---- 1. third-party libraries ---------------------------------------------

while IFS=: read -r file _ line; do
	[[ "$line" =~ ^[[:space:]]*#[[:space:]]*include[[:space:]]*\<([^>]*)\> ]] || continue
	header=${BASH_REMATCH[1]}
	for pattern in "${!LIBRARY[@]}"; do
		[[ "$header" =~ ^$pattern ]] || continue
		ok=0
		for place in ${LIBRARY[$pattern]}; do
			[[ "$file" == "$place"* ]] && ok=1
		done
		if [[ $ok == 0 ]] && ! allowed "$file" "$header"; then
			broken "$file" "<$header> belongs to ${LIBRARY[$pattern]}"
		fi
	done
done < <(grep -rn --include='*.c' --include='*.h' '^[[:space:]]*#[[:space:]]*include[[:space:]]*<' engine cli web)

# ---- 2, 3, 4. engine modules ------------------------------------------------

edges=""
while IFS=: read -r file _ line; do
	[[ "$line" =~ ^[[:space:]]*#[[:space:]]*include[[:space:]]*\"([^\"]*)\" ]] || continue
	header=${BASH_REMATCH[1]}
	[[ "$header" == dossier-config.h ]] && continue
	if [[ "$file" == engine/include/dossier/* ]]; then
		from=${OWNER[${file##*/}]-}
		[[ "$file" == */dossier.h ]] && continue
		if [[ -z "$from" ]]; then
			broken "$file" "a public header with no module: add it to OWNER in scripts/check-layers.sh"
			continue
		fi
		to=${OWNER[$header]-}
		if [[ "$header" == */* || -z "$to" ]]; then
			broken "$file" "a public header includes only public headers, not \"$header\""
		elif ! may_include "$from" "$to"; then
			allowed "$file" "$header" ||
				broken "$file" "the $from module's public header includes \"$header\" of $to"
		fi
		[[ "$from" != "$to" && -n "$to" ]] && edges+="$from $to"$'\n'
		continue
	fi
	from=${file#engine/}
	from=${from%%/*}
	case "$header" in
	dossier/dossier.h)
		allowed "$file" "$header" ||
			broken "$file" "the umbrella dossier/dossier.h is for the front ends; include what you use"
		continue ;;
	dossier/*)
		to=${OWNER[${header#dossier/}]-}
		if [[ -z "$to" ]]; then
			broken "$file" "\"$header\" has no module: add it to OWNER in scripts/check-layers.sh"
			continue
		fi ;;
	*/*)
		to=${header%%/*}
		if [[ -z "${DEPS[$to]+x}" ]]; then
			broken "$file" "\"$header\" is not in a module folder"
			continue
		fi
		if [[ "$header" == *_int.h && "$to" != "$from" ]]; then
			allowed "$file" "$header" ||
				broken "$file" "\"$header\" is private to engine/$to"
		fi ;;
	*)
		broken "$file" "include engine headers by their module: \"M/$header\" or \"dossier/$header\""
		continue ;;
	esac
	if ! may_include "$from" "$to"; then
		allowed "$file" "$header" ||
			broken "$file" "$from may not include \"$header\" ($to is not below it)"
	fi
	[[ "$from" != "$to" ]] && edges+="$from $to"$'\n'
done < <(grep -rn --include='*.c' --include='*.h' '^[[:space:]]*#[[:space:]]*include[[:space:]]*"' engine)

# Every engine .c and .h sits in a module's folder (or is a public header).
while read -r file; do
	m=$(module_of "$file")
	[[ "$file" == engine/include/* || -n "${DEPS[$m]+x}" ]] ||
		broken "$file" "not in a module folder of DEPS"
done < <(find engine -name '*.[ch]' | sort)

# The modules' include graph has no circle (whatever the DEPS table says).
loop=$(sort -u <<<"$edges" | tsort 2>&1 >/dev/null | grep -v 'input contains a loop' |
	sed 's/^tsort: //' | sort -u | tr '\n' ' ')
if [[ -n "$loop" ]]; then
	broken "engine" "the modules include each other in a circle through: $loop"
fi

# ---- the lengths of a day and an hour are named in calendar.h only -----------

while IFS=: read -r file n _; do
	broken "$file:$n" "a day or an hour in seconds: DOSSIER_SECONDS_PER_DAY, DOSSIER_SECONDS_PER_HOUR (dossier/calendar.h)"
done < <(grep -rnwE --include='*.c' --include='*.h' '86400|3600' engine cli web | grep -v '^engine/include/dossier/calendar.h:')

# ---- a revision name "vN" is read only by dossier_revision_number ---------------

while IFS=: read -r file n _; do
	broken "$file:$n" "a revision name read by hand: call dossier_revision_number (dossier/input.h)"
done < <(grep -rnE --include='*.c' "\[[0-9]\] *[!=]= *'v'" engine cli web | grep -v '^engine/base/revision.c:')

# ---- 5. the front ends --------------------------------------------------------

while IFS=: read -r file _ line; do
	[[ "$line" =~ ^[[:space:]]*#[[:space:]]*include[[:space:]]*[\<\"]([^\>\"]*)[\>\"] ]] || continue
	header=${BASH_REMATCH[1]}
	case "$header" in
	dossier/test_seams.h) [[ "$file" == cli/open.c ]] || broken "$file" "the test seams are for cli/open.c" ;;
	dossier/*) [[ -n "${OWNER[${header#dossier/}]-}" || "$header" == dossier/dossier.h ]] ||
		broken "$file" "\"$header\" is not a public header" ;;
	*/*) [[ "$line" == *'<'* ]] || broken "$file" "a front end uses only the public headers, not \"$header\"" ;;
	esac
done < <(grep -rn --include='*.c' --include='*.h' '^[[:space:]]*#[[:space:]]*include' cli web)

if [[ $fail == 0 ]]; then
	echo "layers: every include follows docs/architecture.md"
fi
exit $fail
