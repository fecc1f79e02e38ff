#!/bin/sh
# SPDX-License-Identifier: MIT
# deps.sh - make sure the Debian packages the build needs are there.  As
# root with apt-get it installs them; otherwise it names them and fails.
# `deps.sh bench` also wants SPIN, the benchmark's yardstick; `deps.sh
# fuzz` clang and its libFuzzer runtime (`make fuzz`; `make test` runs the
# libFuzzer targets only if they are there, tests/fuzz/README); `deps.sh
# html` chromium and graphviz, with which `make test` screenshots the
# --html report and checks --dot's digraphs (tests/html-check.sh skips
# those checks without them; .ci/run installs them).
pkgs=""
[ "${1:-}" = bench ] && ! command -v spin >/dev/null 2>&1 && pkgs="$pkgs spin"
if [ "${1:-}" = fuzz ]; then
	command -v clang >/dev/null 2>&1 || pkgs="$pkgs clang"
	ls /usr/lib/llvm-*/lib/clang/*/lib/linux/libclang_rt.fuzzer-*.a \
		>/dev/null 2>&1 || pkgs="$pkgs libclang-rt-dev"
fi
if [ "${1:-}" = html ]; then
	command -v chromium >/dev/null 2>&1 || pkgs="$pkgs chromium"
	command -v dot >/dev/null 2>&1 || pkgs="$pkgs graphviz"
fi
[ -f /usr/include/xxhash.h ] || pkgs="$pkgs libxxhash-dev"
[ -f /usr/include/cmocka.h ] || pkgs="$pkgs libcmocka-dev"
# make test validates --json output against docs/flushcheck.schema.json
[ -f /usr/lib/python3/dist-packages/jsonschema/__init__.py ] ||
	pkgs="$pkgs python3-jsonschema"
command -v cc >/dev/null 2>&1 || pkgs="$pkgs build-essential"
[ -z "$pkgs" ] && exit 0
if [ "$(id -u)" = 0 ] && command -v apt-get >/dev/null 2>&1; then
	echo "deps: installing$pkgs"
	apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq $pkgs >/dev/null && exit 0
fi
echo "deps: missing Debian packages:$pkgs" >&2
echo "deps: install them with: sudo apt-get install$pkgs" >&2
exit 1
