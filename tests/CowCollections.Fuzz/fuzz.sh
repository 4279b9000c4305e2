#!/usr/bin/env bash
# Coverage-guided fuzzing of the segment reader with SharpFuzz and afl++.
#
#   tests/CowCollections.Fuzz/fuzz.sh SECONDS [OUTPUT_DIR]
#
# Installs what it needs when it is missing (afl++ from the distribution with apt-get, the sharpfuzz tool from
# the local tool manifest), publishes cow-fuzz, instruments the two library assemblies in the published copy
# (the build output stays uninstrumented), then runs afl-fuzz for SECONDS seconds on corpus/ and regressions/.
# With OUTPUT_DIR afl-fuzz resumes from (or starts) the findings there; without, a fresh temporary one is used.
# COW_FUZZ_INPUTS names an extra folder of inputs to start from (the queue of an earlier run, say).
# Exit status 1 when afl-fuzz saved a crashing input: each is copied to OUTPUT_DIR/new-crashes, to be added
# to regressions/ once fixed (SegmentFuzzCorpusTests then runs it in every test run).
set -euo pipefail
here="$(cd "$(dirname "$0")" && pwd)"
root="$(cd "$here/../.." && pwd)"
seconds="${1:?usage: fuzz.sh SECONDS [OUTPUT_DIR]}"
out="${2:-$(mktemp -d)}"
mkdir -p "$out"

if ! command -v afl-fuzz >/dev/null 2>&1; then
  echo "installing afl++"
  (apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq afl++) >/dev/null
fi

cd "$root"
dotnet tool restore >/dev/null
publish="$out/bin"
rm -rf "$publish"
dotnet publish tests/CowCollections.Fuzz -c Release -o "$publish" >/dev/null
for assembly in CowCollections.dll CowCollections.Segments.dll; do
  dotnet tool run sharpfuzz "$publish/$assembly" >/dev/null
done

inputs="$out/inputs"
rm -rf "$inputs"
mkdir -p "$inputs"
cp "$here"/corpus/* "$inputs"/
if compgen -G "$here/regressions/*" >/dev/null; then
  cp "$here"/regressions/* "$inputs"/
fi
if [ -n "${COW_FUZZ_INPUTS:-}" ]; then
  find "$COW_FUZZ_INPUTS" -maxdepth 1 -type f -name 'id:*' -exec cp {} "$inputs"/ \;
fi

resume=()
if [ -d "$out/findings/default/queue" ]; then
  resume=(-i -)
else
  resume=(-i "$inputs")
fi

export AFL_SKIP_BIN_CHECK=1 AFL_NO_AFFINITY=1 AFL_SKIP_CPUFREQ=1 AFL_NO_UI=1 AFL_I_DONT_CARE_ABOUT_MISSING_CRASHES=1
# afl-fuzz exits 0 when the time is up; the findings are judged below.
nice -n 10 afl-fuzz "${resume[@]}" -o "$out/findings" -t 5000 -m none -V "$seconds" -- dotnet "$publish/cow-fuzz.dll" \
  > "$out/afl.log" 2>&1 || { tail -n 30 "$out/afl.log"; echo "afl-fuzz failed"; exit 2; }

stats="$out/findings/default/fuzzer_stats"
grep -E "^(run_time|execs_done|execs_per_sec|corpus_count|saved_crashes|saved_hangs|bitmap_cvg) " "$stats" || true
crashes=$(find "$out/findings/default/crashes" -type f -name 'id:*' | wc -l)
if [ "$crashes" -gt 0 ]; then
  mkdir -p "$out/new-crashes"
  cp "$out"/findings/default/crashes/id:* "$out/new-crashes/"
  echo "afl-fuzz found $crashes crashing inputs (copied to $out/new-crashes):"
  dotnet "$root/tests/CowCollections.Fuzz/bin/Release/net10.0/cow-fuzz.dll" replay "$out"/new-crashes/* | tail -n 40 || true
  exit 1
fi
echo "no crash found in ${seconds}s"
