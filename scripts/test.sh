#!/usr/bin/env bash
# The README's test command: install what is missing, build, run the whole
# suite, then build again with AddressSanitizer and UndefinedBehaviorSanitizer
# and run the same suite there. Ends with one line "N passed, N failed".
set -euo pipefail
cd "$(dirname "$0")/.."
root=$(pwd)

start=$SECONDS
stage=$SECONDS
# How long each stage took (the suite's budget is ten minutes on two cores).
took() { echo "== $1: $((SECONDS - stage)) s (total $((SECONDS - start)) s)"; stage=$SECONDS; }

bash scripts/deps.sh
took "dependencies"

jobs=$(nproc 2>/dev/null || echo 2)
total_pass=0
total_fail=0

run_suite() {
  local dir=$1; shift
  if [ ! -f "$dir/build.ninja" ]; then
    meson setup "$dir" "$@" >/dev/null
  else
    meson setup --reconfigure "$dir" "$@" >/dev/null
  fi
  meson compile -C "$dir" >/dev/null || { meson compile -C "$dir"; return 1; }
  local rc=0
  meson test -C "$dir" --num-processes "$jobs" --print-errorlogs ${test_args[@]+"${test_args[@]}"} || rc=$?
  local ok fail
  ok=$(grep -E '^Ok:' "$dir/meson-logs/testlog.txt" | tail -1 | awk '{print $2}')
  fail=$(grep -E '^(Fail|Timeout|Unexpected Pass):' "$dir/meson-logs/testlog.txt" | awk '{s+=$NF} END {print s+0}')
  total_pass=$((total_pass + ${ok:-0}))
  total_fail=$((total_fail + ${fail:-0}))
  return $rc
}

status=0
test_args=()
echo "== build and test (build/)"
run_suite build || status=1
took "build and test"

echo "== build and test with AddressSanitizer and UndefinedBehaviorSanitizer (build-asan/)"
# The Debian package (suite pkg) builds its own binaries: once is enough.
# The benchmarks' smoke run (suite bench) checks that the runner and its
# programs build and run, not the engine, whose paths the CLI tests take:
# timed under the sanitizers it says nothing. Both keep the suite under
# ten minutes on two cores.
test_args=(--no-suite pkg --no-suite bench)
export ASAN_OPTIONS=detect_leaks=1:abort_on_error=1:strict_string_checks=1
export UBSAN_OPTIONS=print_stacktrace=1:halt_on_error=1
run_suite build-asan -Db_sanitize=address,undefined -Db_lundef=false -Dbuildtype=debug || status=1
took "sanitizers"

fuzz_seconds=${FUZZ_SECONDS:-6}
if [ "$fuzz_seconds" -gt 0 ]; then
  echo "== fuzz each target for ${fuzz_seconds}s (build-fuzz/, clang and libFuzzer)"
  fuzz_rc=0
  fuzz_out=$(bash scripts/fuzz.sh --ci all "$fuzz_seconds") || fuzz_rc=$?
  echo "$fuzz_out"
  total_pass=$((total_pass + $(grep -c '^fuzz [a-z_]*: ok' <<<"$fuzz_out" || true)))
  fuzz_fail=$(grep -c '^fuzz [a-z_]*: FAILED' <<<"$fuzz_out" || true)
  if [ $fuzz_rc -ne 0 ]; then
    status=1
    [ "$fuzz_fail" -eq 0 ] && fuzz_fail=1   # it failed before fuzzing: the build
  fi
  total_fail=$((total_fail + fuzz_fail))
  took "fuzz"
fi

echo "$total_pass passed, $total_fail failed"
exit $status
