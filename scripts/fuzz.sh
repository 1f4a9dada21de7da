#!/usr/bin/env bash
# Run a libFuzzer target of fuzz/ (docs/fuzzing.md):
#
#   scripts/fuzz.sh [--ci] TARGET SECONDS [LIBFUZZER-OPTION...]
#   scripts/fuzz.sh [--ci] all SECONDS [LIBFUZZER-OPTION...]
#
# TARGET is one of: workflow text akn import_jsonl import_csv record hook docx.
# Builds what it needs with clang in its own directory (build-fuzz/, or
# $FUZZ_BUILD): the engine with -fsanitize=fuzzer-no-link,address,undefined,
# the target with -fsanitize=fuzzer. Seeds are gathered at run time from
# tests/fixtures, templates/, workflows/, ../shared/corpus and
# ../shared/schemas/examples, and written by fuzz_seeds (records, pushes, our
# own AKN) into build-fuzz/seeds/TARGET; fuzz/regressions/TARGET is read too.
# New inputs go to build-fuzz/corpus/TARGET (kept between runs), findings to
# build-fuzz/artifacts/TARGET/, the log to build-fuzz/logs/TARGET.log; the
# sample dossiers to a tmpfs (/dev/shm) when there is one, else build-fuzz/tmp.
# Further options go to libFuzzer: a long run in the background, say
#   nice -n 19 scripts/fuzz.sh hook 3600 -fork=1 -ignore_crashes=1 -ignore_timeouts=1 -ignore_ooms=1
# keeps going past a finding and saves each one.
#
# --ci: a fresh corpus each time, a fixed random seed (-seed=1) and one
# summary line per target: what scripts/test.sh runs. Exit status: 0 when
# no target found anything, 1 when one did (its input is named), 2 on usage.
set -euo pipefail
cd "$(dirname "$0")/.."
root=$(pwd)
targets=(workflow text akn import_jsonl import_csv record hook docx)

ci=0
if [ "${1:-}" = "--ci" ]; then
  ci=1
  shift
fi
if [ $# -lt 2 ] || ! [[ $2 =~ ^[0-9]+$ ]]; then
  echo "usage: scripts/fuzz.sh [--ci] (TARGET | all) SECONDS [LIBFUZZER-OPTION...]" >&2
  echo "targets: ${targets[*]}" >&2
  exit 2
fi
what=$1
seconds=$2
shift 2
if [ "$what" = all ]; then
  run=("${targets[@]}")
else
  case " ${targets[*]} " in
    *" $what "*) run=("$what") ;;
    *) echo "error: unknown fuzz target '$what' (one of: ${targets[*]})" >&2; exit 2 ;;
  esac
fi

bash scripts/deps.sh

build=${FUZZ_BUILD:-build-fuzz}
shared=$root/../shared
if [ ! -f "$build/build.ninja" ]; then
  # -fno-sanitize-recover: a UBSan report aborts, so that libFuzzer keeps the input.
  CC=clang meson setup "$build" -Dfuzz=true -Dtests=false -Dbuildtype=debugoptimized \
    -Db_sanitize=address,undefined -Db_lundef=false \
    -Dc_args="-fsanitize=fuzzer-no-link -fno-sanitize-recover=all -fno-omit-frame-pointer" \
    -Dc_link_args="-fno-sanitize-recover=all" >/dev/null
fi
ninja -C "$build" fuzz/fuzz_seeds $(printf 'fuzz/fuzz_%s ' "${run[@]}") >/dev/null ||
  { ninja -C "$build" fuzz/fuzz_seeds $(printf 'fuzz/fuzz_%s ' "${run[@]}"); exit 1; }

export ASAN_OPTIONS=${ASAN_OPTIONS:-detect_leaks=1:abort_on_error=1:allocator_may_return_null=1}
export UBSAN_OPTIONS=${UBSAN_OPTIONS:-print_stacktrace=1:halt_on_error=1}

# The seeds of one target, copied (or written by fuzz_seeds) into $1.
seeds() {
  local t=$1 dir=$2 f
  rm -rf "$dir"
  mkdir -p "$dir"
  copy() { for f in "$@"; do [ -f "$f" ] && cp "$f" "$dir/"; done; return 0; }
  case $t in
    workflow) copy workflows/*.yaml tests/fixtures/workflows/*.yaml tests/fixtures/*/workflow.yaml ;;
    text) copy templates/*.txt tests/fixtures/*/*.txt "$shared"/corpus/*.txt "$shared"/corpus/real/vn/*.txt \
            "$shared"/corpus/real/repro/*.txt ;;
    akn) copy "$shared"/corpus/real/akn/*.xml "$shared"/corpus/real/pairs/*.xml "$shared"/corpus/real/repro/*.xml \
           "$shared"/schemas/examples/*.xml ;;
    import_jsonl) copy tests/fixtures/import/*.jsonl ;;
    import_csv) copy tests/fixtures/import/*.csv tests/fixtures/*/*.csv ;;
    record|hook) ;;
    docx) copy fuzz/regressions/docx/* ;;
  esac
  case $t in
    akn|record|hook)
      local gen="$build/seeds/generated"
      # again whenever fuzz_seeds (and so the engine) was rebuilt
      if [ ! -f "$gen/.made" ] || [ "$build/fuzz/fuzz_seeds" -nt "$gen/.made" ]; then
        rm -rf "$gen"
        TMPDIR="$tmproot" "$build/fuzz/fuzz_seeds" "$gen" templates/*.txt "$shared"/corpus/*.txt >/dev/null
        touch "$gen/.made"
      fi
      cp "$gen/$t"/* "$dir/" ;;
  esac
}

# Per target: the longest input worth mutating, and a dictionary.
max_len() {
  case $1 in
    text|akn) echo 65536 ;;
    hook) echo 32768 ;;
    *) echo 16384 ;;
  esac
}

# The sample dossiers and servers of the import and hook targets live in
# memory when the machine has a tmpfs (four times fewer system cycles per
# input than a disk); $FUZZ_TMP names another place.
tmproot=${FUZZ_TMP:-}
if [ -z "$tmproot" ]; then
  if [ -d /dev/shm ] && [ -w /dev/shm ]; then
    tmproot=/dev/shm/dossier-fuzz-$(id -u)/$(echo "$root/$build" | cksum | cut -d' ' -f1)
  else
    tmproot=$root/$build/tmp
  fi
fi
mkdir -p "$tmproot" "$build/logs"
# One target t, under its name: its summary line (and the error's first
# lines) on stdout, exit status 1 when it found something.
fuzz_target() {
  local t=$1 name=$2 seeddir corpus artifacts tmp log rc stats runs art opts regress status=0
  shift 2
  seeddir="$build/seeds/$name"
  corpus="$build/corpus/$name"
  [ $ci -eq 1 ] && rm -rf "$corpus"
  artifacts="$build/artifacts/$t"
  tmp="$tmproot/$name"
  log="$build/logs/$name.log"
  mkdir -p "$corpus" "$artifacts" "$tmp"
  opts=(-max_total_time="$seconds" -max_len="$(max_len "$t")" -timeout=20 -rss_limit_mb=2048
        -artifact_prefix="$artifacts/" -print_final_stats=1)
  [ -f "fuzz/dict/$t.dict" ] && opts+=(-dict="fuzz/dict/$t.dict")
  [ $ci -eq 1 ] && opts+=(-seed=1)
  regress=()
  [ -d "fuzz/regressions/$t" ] && regress=("fuzz/regressions/$t")
  rc=0
  TMPDIR="$tmp" "$build/fuzz/fuzz_$t" "${opts[@]}" "$@" "$corpus" "$seeddir" "${regress[@]}" >"$log" 2>&1 || rc=$?
  rm -rf "$tmp"
  stats=$(grep -E '^#[0-9]+' "$log" | tail -1 | sed -E 's/^#([0-9]+)[[:space:]]+[A-Z_]+[[:space:]]+/\1 runs, /')
  runs=$(sed -n 's/^stat::number_of_executed_units: *//p' "$log" | tail -1)
  if [ $rc -eq 0 ]; then
    echo "fuzz $t: ok, ${runs:-?} runs in ${seconds}s; ${stats:-no stats}"
  else
    status=1
    art=$(grep -oE "(Test unit|artifact) written to [^ ]+" "$log" | tail -1 | awk '{print $NF}')
    echo "fuzz $t: FAILED (exit $rc) after ${runs:-?} runs; input ${art:-?}; log $log"
    grep -E '^(==[0-9]+==ERROR|SUMMARY|fuzz: )|runtime error' "$log" | head -5 | sed 's/^/  /'
  fi
  return $status
}

# The targets run side by side, as many at once as the machine has cores
# (FUZZ_JOBS): each is one process on one core, and the CI phase takes
# half the time on two cores. Their summaries are printed in order.
jobs=${FUZZ_JOBS:-$(nproc 2>/dev/null || echo 1)}
[[ $jobs =~ ^[1-9][0-9]*$ ]] || jobs=1
status=0
pids=()
names=()
flush() {
  local i
  for i in "${!pids[@]}"; do
    wait "${pids[$i]}" || status=1
    cat "$build/logs/${names[$i]}.summary"
    rm -f "$build/logs/${names[$i]}.summary"
  done
  pids=()
  names=()
}
for t in "${run[@]}"; do
  # A --ci run keeps apart from a long run of the same target (its seeds,
  # corpus, temporary files and log), so both can go on at once.
  n=$t
  [ $ci -eq 1 ] && n=ci-$t
  # seeds first, one target at a time (the generated seeds are shared)
  seeds "$t" "$build/seeds/$n"
  fuzz_target "$t" "$n" "$@" >"$build/logs/$n.summary" 2>&1 &
  pids+=($!)
  names+=("$n")
  [ ${#pids[@]} -ge "$jobs" ] && flush
done
flush
exit $status
