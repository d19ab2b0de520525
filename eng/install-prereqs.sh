#!/usr/bin/env bash
# One-time machine set-up for TLDeclarative.
#
# TorchSharp 0.107's native library (libLibTorchSharp.so) needs GLIBCXX_3.4.32, i.e. the
# libstdc++ of GCC 13 or newer. Debian 12 ships GCC 12. On such systems we install libstdc++6
# from Debian 13 "trixie", pinned low so that nothing else is taken from trixie by default later.
# Where the symbol version is already present this is a no-op.
#
# Checked on a fresh debootstrap'ed Debian 12 chroot: the install takes about 30 s and, through
# libc6 2.41's dependencies, also upgrades about 25 core packages to trixie's versions (libc6,
# libgcc-s1, dpkg, base-files - /etc/os-release then says 13). Asking for libstdc++6/trixie alone
# does not resolve (apt: "pkgProblemResolver::Resolve generated breaks"), hence -t trixie.
#
# Also installs Debian's Fashion-MNIST data set (real images used by tests and the real-data
# example) when --with-datasets is given.
set -euo pipefail

with_datasets=0
for arg in "$@"; do
  case "$arg" in
    --with-datasets) with_datasets=1 ;;
    -h|--help) echo "usage: $0 [--with-datasets]"; exit 0 ;;
    *) echo "unknown argument: $arg" >&2; exit 2 ;;
  esac
done

sudo_cmd=()
if [ "$(id -u)" -ne 0 ]; then sudo_cmd=(sudo); fi

has_glibcxx_3_4_32() {
  local lib
  for lib in /usr/lib/x86_64-linux-gnu/libstdc++.so.6 /usr/lib/aarch64-linux-gnu/libstdc++.so.6 \
             /usr/lib64/libstdc++.so.6 /usr/lib/libstdc++.so.6; do
    if [ -e "$lib" ] && grep -aq 'GLIBCXX_3\.4\.32' "$lib"; then return 0; fi
  done
  return 1
}

apt_updated=0
apt_update_once() {
  if [ "$apt_updated" -eq 0 ]; then "${sudo_cmd[@]}" apt-get update -qq; apt_updated=1; fi
}

if has_glibcxx_3_4_32; then
  echo "libstdc++ already provides GLIBCXX_3.4.32: nothing to do."
else
  if ! command -v apt-get >/dev/null 2>&1 || ! grep -qiE '^ID(_LIKE)?=.*(debian|ubuntu)' /etc/os-release; then
    echo "error: libstdc++ lacks GLIBCXX_3.4.32 and this is not a Debian/Ubuntu system." >&2
    echo "Install the libstdc++ of GCC 13 or newer with your package manager." >&2
    exit 1
  fi
  echo "libstdc++ lacks GLIBCXX_3.4.32: installing libstdc++6 from Debian 13 (trixie), pinned."
  "${sudo_cmd[@]}" tee /etc/apt/sources.list.d/tldeclarative-trixie.sources >/dev/null <<'SRC'
Types: deb
URIs: http://deb.debian.org/debian
Suites: trixie
Components: main
Signed-By: /usr/share/keyrings/debian-archive-keyring.gpg
SRC
  # Priority 100: trixie packages are never chosen unless asked for by name (-t trixie).
  "${sudo_cmd[@]}" tee /etc/apt/preferences.d/tldeclarative-trixie >/dev/null <<'PIN'
Package: *
Pin: release n=trixie
Pin-Priority: 100
PIN
  apt_update_once
  DEBIAN_FRONTEND=noninteractive "${sudo_cmd[@]}" apt-get install -y -qq -t trixie libstdc++6 >/dev/null
  if has_glibcxx_3_4_32; then
    echo "libstdc++6 from trixie installed: GLIBCXX_3.4.32 is present."
  else
    echo "error: libstdc++6 was installed but GLIBCXX_3.4.32 is still missing." >&2
    exit 1
  fi
fi

if [ "$with_datasets" -eq 1 ]; then
  if [ -d /usr/share/datasets/fashion-mnist ]; then
    echo "dataset-fashion-mnist already installed."
  else
    apt_update_once
    DEBIAN_FRONTEND=noninteractive "${sudo_cmd[@]}" apt-get install -y -qq dataset-fashion-mnist >/dev/null
    echo "dataset-fashion-mnist installed under /usr/share/datasets/fashion-mnist."
  fi
fi
