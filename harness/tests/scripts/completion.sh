#!/usr/bin/env bash
# The bash completion (harness/doc/dslab.bash-completion), sourced in this
# bash: completions for a few command lines, as bash would call it.
. "$(dirname "$0")/common.sh"
# shellcheck source=../../doc/dslab.bash-completion
. "$SOURCE_DIR/harness/doc/dslab.bash-completion"

# complete_line LINE: split LINE as bash does (COMP_WORDBREAKS: '=' and ':'
# are words of their own) and call _dslab with the cursor at the end.
complete_line() {
  local line=$1
  COMP_LINE=$line
  COMP_POINT=${#line}
  COMP_WORDS=()
  local rest=$line word=
  while [[ -n $rest ]]; do
    local c=${rest:0:1}
    rest=${rest:1}
    case $c in
      ' ') [[ -n $word ]] && COMP_WORDS+=("$word"); word= ;;
      '=' | ':') [[ -n $word ]] && COMP_WORDS+=("$word"); COMP_WORDS+=("$c"); word= ;;
      *) [[ $word == = || $word == : ]] && { COMP_WORDS+=("$word"); word=; }; word+=$c ;;
    esac
  done
  # The word under the cursor ("" after a space).
  if [[ $line == *' ' ]]; then COMP_WORDS+=(""); else COMP_WORDS+=("$word"); fi
  COMP_WORDS[0]=$DSLAB
  COMP_CWORD=$((${#COMP_WORDS[@]} - 1))
  COMPREPLY=()
  _dslab
  printf '%s\n' "${COMPREPLY[@]}" | sort | paste -sd' ' -
}

expect_completion() { # LINE EXPECTED (space-separated, sorted)
  local got
  got=$(complete_line "$1")
  [[ $got == "$2" ]] || fail "completing '$1': got '$got', expected '$2'"
}

expect_completion "dslab ex" "explain"
expect_completion "dslab " "--help --version check doctor explain help kernels list report reproduce run show snapshot"
expect_completion "dslab --v" "--version"
expect_completion "dslab help sh" "show"
expect_completion "dslab run --fo" "--format"
expect_completion "dslab run --format " "human json ktap"
expect_completion "dslab snapshot --format " "human json"
expect_completion "dslab show --view " "netstat ss"
expect_completion "dslab explain --view=" "netstat ss"
expect_completion "dslab snapshot --source s" "sock_diag"
expect_completion "dslab explain seed_v4v6/b" "seed_v4v6/bindv6only=0 seed_v4v6/bindv6only=1"
# bash splits at '=' and replaces only what follows it: replies are cut there.
expect_completion "dslab explain seed_v4v6/bindv6only=" "0 1"
expect_completion "dslab explain --view=s" "ss"
expect_completion "dslab explain seed_v4v6/bindv6only=1" "1"
expect_completion "dslab explain 'seed_net" ""
# run and list also take bare scenario names; show and explain one case.
expect_completion "dslab run seed_v4" "seed_v4v6 seed_v4v6/bindv6only=0 seed_v4v6/bindv6only=1"
expect_completion "dslab show seed_v4" "seed_v4v6/bindv6only=0 seed_v4v6/bindv6only=1"
expect_completion "dslab explain --view ss addr" "addrform/bindv6only=0 addrform/bindv6only=1"
expect_completion "dslab report --kernel-d" "--kernel-diff"
expect_completion "dslab run --kernel-t" "--kernel-tag"
expect_completion "dslab run --kernel-tag linux-6." "linux-6.1"
expect_completion "dslab doctor --re" "--reuseaddr --reuseport"
expect_completion "dslab doctor --bind [::]:80 --v6only " "0 1"
expect_completion "dslab doctor --format " "human json"
# A scope: this namespace's devices (lo is in every one), the port next.
[[ $(complete_line "dslab doctor --bind [fe80::1%l") == *"1%lo]:"* ]] ||
  fail "completing a scope: got '$(complete_line "dslab doctor --bind [fe80::1%l")', expected 1%lo]: among them"
expect_completion "dslab kernels --kernel-i" "--kernel-image"
expect_completion "dslab reproduce --c" "--cell"
expect_completion "dslab reproduce seed_v4v6/b" "seed_v4v6/bindv6only=0 seed_v4v6/bindv6only=1"

# Every command and option the help texts name can be completed: the two
# cannot drift apart.
commands=$("$DSLAB" --help | awk '/^commands:/ {on = 1; next} on && /^  [a-z]/ {print $1} on && /^$/ {on = 0}')
for command in $commands; do
  got=$(complete_line "dslab $command")
  [[ " $got " == *" $command "* ]] || fail "the completion does not offer the command '$command'"
  [ "$command" = help ] && continue
  # The options of its usage line and of its option list ("  --name ...").
  for option in $("$DSLAB" help "$command" | grep -E '^(usage:|  +--)' | grep -o -- '--[a-z][a-z0-9-]*' | sort -u); do
    got=$(complete_line "dslab $command $option")
    [[ " $got " == *" $option "* ]] || fail "the completion does not offer '$command $option'"
  done
done
finish
