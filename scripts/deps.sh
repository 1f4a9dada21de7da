#!/usr/bin/env bash
# Install what dossier needs to build, test and run, from Debian's packages.
# Run as root on a fresh Debian machine; as another user it only checks and
# says what is missing. Idempotent: installed packages are left alone.
set -euo pipefail

# One install at a time: several checkouts on one machine may run this at once.
if command -v flock >/dev/null 2>&1; then
  exec 9>"${TMPDIR:-/tmp}/dossier-deps.lock"
  flock 9
fi

packages=(
  build-essential pkg-config meson ninja-build python3 git
  libgit2-dev libxml2-dev libxslt1-dev libyaml-dev libjansson-dev libutf8proc-dev
  libcmocka-dev libxml2-utils xsltproc
  # The HTML tests (issue 5): headless Chromium renders the pages, tidy
  # checks them as HTML5, and Liberation Serif (metric-compatible with Times
  # New Roman) gives Chromium the Vietnamese glyphs of a decree.
  chromium tidy fonts-liberation
  # Bulk import packs (issue 8): zlib and OpenSSL's SHA-1; the benchmarks'
  # peak memory is read with GNU time.
  zlib1g-dev libssl-dev time
  # `dossier serve` (issue 16): the HTTP server (GNU libmicrohttpd) and
  # yescrypt password hashes (libxcrypt); its browser tests drive headless
  # Chromium through Selenium and chromium-driver.
  libmicrohttpd-dev libcrypt-dev python3-selenium chromium-driver
  # Fuzzing (docs/fuzzing.md, scripts/fuzz.sh): Debian's clang and its
  # compiler runtime, which holds libFuzzer and the sanitizers' libraries.
  clang libclang-rt-14-dev
  # Signed events (issue 17, docs/signatures.md): ssh-keygen -Y sign and
  # -Y verify, and ssh-add for the agent's keys, as git itself runs them.
  openssh-client
  # Behind a real git server (issue 20): the tests start their own Apache
  # httpd (git-http-backend, basic authentication, TLS) and nginx (a TLS
  # reverse proxy in front of `dossier serve`), with a CA made by openssl.
  # systemd-analyze checks the shipped unit dist/dossier-serve.service.
  apache2 apache2-utils nginx openssl systemd
  # Word in and out (issue 15, docs/word.md): libzip for the .docx container;
  # the tests read .docx made by python-docx and LibreOffice, print ours to
  # PDF with LibreOffice and render it with poppler's pdftoppm; DejaVu and
  # Liberation carry the Vietnamese letters.
  libzip-dev python3-docx libreoffice-writer-nogui poppler-utils fonts-dejavu-core
  # At home on a Debian server (issue 19): the man pages are checked with
  # groff and man, the completion scripts with bash-completion and zsh, and
  # the Debian package is built with debhelper (its build dependencies are
  # the ones above, and gettext's msgfmt) and checked with lintian.
  groff-base man-db bash-completion zsh debhelper dpkg-dev fakeroot lintian gettext
)

missing=()
for p in "${packages[@]}"; do
  if ! dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed"; then
    missing+=("$p")
  fi
done

if [ ${#missing[@]} -eq 0 ]; then
  exit 0
fi

if [ "$(id -u)" -ne 0 ]; then
  echo "missing packages: ${missing[*]}" >&2
  echo "run as root: apt-get install ${missing[*]}" >&2
  exit 1
fi

echo "installing: ${missing[*]}" >&2
export DEBIAN_FRONTEND=noninteractive
apt-get update -q >&2
apt-get install -y -q --no-install-recommends "${missing[@]}" >&2
