#!/usr/bin/env bash
# Builds the benchmarks in release mode, prepares the corpora, runs every measure and writes
# Benchmarks/RESULTS.md. Takes about 20 minutes on 2 cores (the PostgreSQL measures: 100,000 round trips per
# contender and round), after a first release build of about 25 (swift-syntax, GRDB, postgres-nio).
#
#   Benchmarks/run.sh           the real run: writes Benchmarks/RESULTS.md, then fuzzes pony-lint for 2 minutes
#   Benchmarks/run.sh --quick   a smoke run of about 30 s after a debug build, tiny sizes: every measure
#                               still builds and runs; prints the table, leaves RESULTS.md alone
#
# Needs: Swift; libsqlite3-dev (installed when missing); a PostgreSQL server for the PostgreSQL measures — the one
# PONY_TEST_POSTGRES_URL names, else a throwaway cluster from scripts/with-postgres (which installs postgresql and
# libpq-dev when missing); the source mirror /opt/swift-packages for the real corpus (skipped with a message when
# missing); swift-format and valgrind when installed (rows left out otherwise).
set -euo pipefail

usage() { awk 'NR == 1 { next } /^#/ { sub(/^# ?/, ""); print; next } { exit }' "$0"; }

quick=0
case "${1:-}" in
    "") ;;
    --quick) quick=1 ;;
    -h|--help) usage; exit 0 ;;
    *) echo "run.sh: unknown argument '$1'" >&2; usage >&2; exit 2 ;;
esac

here="$(cd "$(dirname "$0")" && pwd)"
"$here/../scripts/ensure-sqlite"
if [ -z "${PONY_TEST_POSTGRES_URL:-}" ]; then
    exec "$here/../scripts/with-postgres" "$0" "$@"
fi

configuration=release
suffix=""
if [ "$quick" -eq 1 ]; then configuration=debug; suffix=-quick; fi
cd "$here"
# pony-lint comes from the same build (a product of the Pony dependency): one build of swift-syntax.
swift build -c "$configuration" --product pony-bench
swift build -c "$configuration" --product peak-rss
swift build -c "$configuration" --product pony-lint
bin="$(swift build -c "$configuration" --show-bin-path)"

corpora="$here/.corpora"
mirror=/opt/swift-packages
packages=(vapor/vapor@4.122.3 apple/swift-nio@2.101.3 groue/GRDB.swift@7.10.0 hummingbird-project/hummingbird@2.28.1
          swiftlang/swift-syntax@603.0.1 vapor/fluent-kit@1.57.0 apple/swift-argument-parser@1.8.2)
if [ "$quick" -eq 1 ]; then packages=(apple/swift-argument-parser@1.8.2); fi

# The real corpus: the packages' sources at their tags, extracted once (a marker records what is there).
corpus_arguments=()
real="$corpora/real$suffix"
missing=""
for spec in "${packages[@]}"; do
    [ -d "$mirror/${spec%@*}.git" ] || missing="$missing ${spec%@*}"
done
if [ -n "$missing" ]; then
    echo "run.sh: the source mirror lacks:$missing (looked in $mirror); the real-corpus measure is skipped" >&2
elif [ "$(cat "$real/.packages" 2>/dev/null)" != "${packages[*]}" ]; then
    echo "run.sh: extracting the real corpus into $real"
    rm -rf "$real"
    mkdir -p "$real"
    for spec in "${packages[@]}"; do
        repository="${spec%@*}"
        mkdir -p "$real/${repository#*/}"
        git -C "$mirror/$repository.git" archive "${spec#*@}" | tar -x -C "$real/${repository#*/}"
    done
    echo "${packages[*]}" > "$real/.packages"
fi
if [ -z "$missing" ]; then corpus_arguments=(--corpus "$real"); fi

# The cache corpus (issue 14): every package of the mirror at its newest version tag, all files kept (the
# walk over non-Swift folders is part of a real run). Quick runs use the small real corpus instead.
if [ -z "$missing" ] && [ "$quick" -eq 1 ]; then
    corpus_arguments+=(--cache-corpus "$real")
elif [ -d "$mirror" ]; then
    everything="$corpora/mirror"
    listing="$(for repository in "$mirror"/*/*.git; do echo "$repository $(git -C "$repository" tag --sort=-v:refname | grep -m1 -E '^v?[0-9]+(\.[0-9]+)*$')"; done)"
    if [ "$(cat "$everything/.packages" 2>/dev/null)" != "$listing" ]; then
        echo "run.sh: extracting every package of the mirror into $everything"
        rm -rf "$everything"
        mkdir -p "$everything"
        while read -r repository tag; do
            name="$(basename "$(dirname "$repository")")+$(basename "$repository" .git)"
            mkdir -p "$everything/$name"
            git -C "$repository" archive "${tag:-HEAD}" | tar -x -C "$everything/$name"
        done <<< "$listing"
        echo "$listing" > "$everything/.packages"
    fi
    corpus_arguments+=(--cache-corpus "$everything")
fi

# The session-dense corpus: generated, about the real corpus's size (2,600 files of ~16.5 KB).
dense="$corpora/dense$suffix"
if [ "$quick" -eq 1 ]; then files=40; else files=2600; fi
"$bin/pony-bench" generate-dense --files "$files" --output "$dense"

peer_arguments=()
if [ "$quick" -eq 0 ]; then
    if command -v swift-format > /dev/null; then peer_arguments+=(--swift-format "$(command -v swift-format)"); fi
    if command -v valgrind > /dev/null && command -v objcopy > /dev/null; then
        # valgrind 3.19 cannot read the DWARF 5 of Swift 6 binaries: count on a copy without debug info.
        objcopy --strip-debug "$bin/pony-bench" "$corpora/pony-bench-stripped"
        objcopy --strip-debug "$bin/pony-lint" "$corpora/pony-lint-stripped"
        peer_arguments+=(--valgrind "$(command -v valgrind)" --callgrind-executable "$corpora/pony-bench-stripped"
                         --callgrind-pony-lint "$corpora/pony-lint-stripped")
    fi
fi

toolchain="$(swift --version 2>&1 | grep -m1 'Swift version' || echo Swift)"
if [ "$quick" -eq 1 ]; then
    "$bin/pony-bench" all --rows 2000 --rounds 1 --tasks 100 --pony-lint "$bin/pony-lint" --postgres-url "$PONY_TEST_POSTGRES_URL" \
        "${corpus_arguments[@]}" --dense "$dense" --command "Benchmarks/run.sh --quick" --toolchain "$toolchain"
else
    "$bin/pony-bench" all --pony-lint "$bin/pony-lint" "${corpus_arguments[@]}" --dense "$dense" --postgres-url "$PONY_TEST_POSTGRES_URL" \
        "${peer_arguments[@]}" --command "Benchmarks/run.sh" --toolchain "$toolchain" --output "$here/RESULTS.md"
fi

# Not a measure: a short libFuzzer session over pony-lint's engine (issue 14), so every full run also fuzzes.
if [ "$quick" -eq 0 ]; then
    echo "run.sh: a short fuzzing session of pony-lint's engine (scripts/fuzz 120)"
    "$here/../scripts/fuzz" 120
fi
