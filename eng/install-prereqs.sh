#!/usr/bin/env bash
# One-time machine set-up for TLDeclarative: what the README's commands (the example and the tests) need.
#
# 1. TorchSharp 0.107's native library (libLibTorchSharp.so) needs GLIBCXX_3.4.32, i.e. the
#    libstdc++ of GCC 13 or newer. Debian 12 ships GCC 12. On such systems we install libstdc++6
#    from Debian 13 "trixie", pinned low so that nothing else is taken from trixie by default later.
#    Where the symbol version is already present this is a no-op.
#
#    Checked on a fresh debootstrap'ed Debian 12 chroot: the install takes about 30 s and, through
#    libc6 2.41's dependencies, also upgrades about 25 core packages to trixie's versions (libc6,
#    libgcc-s1, dpkg, base-files - /etc/os-release then says 13). Asking for libstdc++6/trixie alone
#    does not resolve (apt: "pkgProblemResolver::Resolve generated breaks"), hence -t trixie.
#
# 2. The Debian packages the tests use (skip with --runtime-only): Fashion-MNIST (real images), Debian's
#    PyTorch and torchvision for /usr/bin/python3 (reference models and files written by real PyTorch),
#    and chromium (headless checks of the HTML pages). They come from the distribution's own release
#    (bookworm on Debian 12): the trixie pin above keeps apt from taking them from trixie.
#    Already installed packages are not touched; with everything present the script only checks.
set -euo pipefail

# The Debian packages the tests need; tests that lack one fail with a message naming this script.
test_packages=(dataset-fashion-mnist python3-torch python3-torchvision chromium)

runtime_only=0
for arg in "$@"; do
  case "$arg" in
    --runtime-only) runtime_only=1 ;;
    -h|--help) echo "usage: $0 [--runtime-only]   (--runtime-only: only what training needs, not the tests' packages)"; exit 0 ;;
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

is_debian_like() {
  command -v apt-get >/dev/null 2>&1 && grep -qiE '^ID(_LIKE)?=.*(debian|ubuntu)' /etc/os-release
}

is_installed() {
  [ "$(dpkg-query -W -f='${Status}' "$1" 2>/dev/null)" = "install ok installed" ]
}

apt_updated=0
apt_update_once() {
  if [ "$apt_updated" -eq 0 ]; then "${sudo_cmd[@]}" apt-get update -qq; apt_updated=1; fi
}

if has_glibcxx_3_4_32; then
  echo "libstdc++ already provides GLIBCXX_3.4.32: nothing to do."
else
  if ! is_debian_like; then
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

if [ "$runtime_only" -eq 0 ]; then
  if ! is_debian_like; then
    echo "error: the tests need Debian's ${test_packages[*]} (or their equivalents: the Fashion-MNIST IDX files" >&2
    echo "under /usr/share/datasets/fashion-mnist, PyTorch and torchvision for /usr/bin/python3, chromium on PATH)." >&2
    echo "Install them with your package manager, or run $0 --runtime-only to set up training alone." >&2
    exit 1
  fi
  missing=()
  for package in "${test_packages[@]}"; do
    if ! is_installed "$package"; then missing+=("$package"); fi
  done
  if [ "${#missing[@]}" -eq 0 ]; then
    echo "The tests' packages are installed: ${test_packages[*]}."
  else
    echo "Installing the tests' packages: ${missing[*]}."
    apt_update_once
    DEBIAN_FRONTEND=noninteractive "${sudo_cmd[@]}" apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
    echo "Installed: ${missing[*]}."
  fi
fi
