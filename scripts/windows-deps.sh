#!/usr/bin/env bash
# What the Windows agent is built with (issue 16), beside Debian's cross
# compiler: the third-party sources that have no mingw package, taken from
# Debian's own source packages, and the header-only libraries from Debian's
# -dev packages. Nothing here is committed; it all lands in DIR (default
# build/windows-deps), once:
#   DIR/include/  boost, fmt, spdlog, toml++, CLI (links to /usr/include)
#   DIR/sqlite/   sqlite3.c and sqlite3.h, the amalgamation made from Debian's sqlite3
#   DIR/zlib/     Debian's zlib sources
#   DIR/googletest -> /usr/src/googletest
# Usage: scripts/windows-deps.sh [DIR]   (scripts/install-deps.sh --windows calls it)
set -euo pipefail

root=$(cd "$(dirname "$0")/.." && pwd)
dir=$(realpath -m "${1:-$root/build/windows-deps}")
mkdir -p "$dir/include"

for lib in boost fmt spdlog toml++ CLI; do
  [[ -d /usr/include/$lib ]] || { echo "windows-deps: /usr/include/$lib is missing: run scripts/install-deps.sh" >&2; exit 1; }
  ln -sfn "/usr/include/$lib" "$dir/include/$lib"
done
ln -sfn /usr/src/googletest "$dir/googletest"

if [[ -f $dir/sqlite/sqlite3.c && -f $dir/zlib/zlib.h ]]; then
  echo "windows-deps: sources present in $dir"
  exit 0
fi

# Debian's source packages through a private deb-src list: the machine's own
# apt configuration is left as it is.
apt_dir=$dir/apt
mkdir -p "$apt_dir/lists/partial" "$apt_dir/cache/archives/partial" "$dir/fetch"
cat >"$apt_dir/sources.list" <<LIST
deb-src [signed-by=/usr/share/keyrings/debian-archive-keyring.gpg] http://deb.debian.org/debian bookworm main
LIST
apt_opts=(-o "Dir::Etc::SourceList=$apt_dir/sources.list" -o Dir::Etc::SourceParts=/dev/null
          -o "Dir::State::Lists=$apt_dir/lists" -o "Dir::Cache=$apt_dir/cache"
          -o APT::Sandbox::User=root)
echo "windows-deps: fetching Debian's sqlite3 and zlib sources"
apt-get "${apt_opts[@]}" update -qq
(cd "$dir/fetch" && apt-get "${apt_opts[@]}" source --download-only -qq sqlite3 zlib)

work=$dir/fetch/unpacked
rm -rf "$work" && mkdir -p "$work"
tar -xf "$dir"/fetch/sqlite3_*.orig.tar.xz -C "$work"
tar -xf "$dir"/fetch/zlib_*.orig.tar.* -C "$work"

echo "windows-deps: making SQLite's amalgamation (sqlite3.c)"
sqlite_src=$(echo "$work"/sqlite3-*)
mkdir -p "$sqlite_src/bld"
(cd "$sqlite_src/bld" && ../configure --disable-tcl >/dev/null && make -s sqlite3.c >/dev/null)
mkdir -p "$dir/sqlite"
cp "$sqlite_src/bld/sqlite3.c" "$sqlite_src/bld/sqlite3.h" "$dir/sqlite/"

rm -rf "$dir/zlib" && mkdir -p "$dir/zlib"
cp "$(echo "$work"/zlib-*)"/*.[ch] "$dir/zlib/"
rm -rf "$work"
echo "windows-deps: ready in $dir"
