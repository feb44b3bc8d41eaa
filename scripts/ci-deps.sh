#!/usr/bin/env bash
# Installs the Debian/Ubuntu packages the test suite needs, only those that are missing.
# Fast when nothing is missing (one dpkg-query), so `npm test` runs it every time (pretest).
#   chromium, firefox-esr   e2e browsers (puppeteer-core drives the system binaries)
#   gnupg sq sqop rnp       interop tests against real OpenPGP tools
#   postgresql              vault server tests on PostgreSQL
#   zip                     npm run pack
#   python3 make g++        npm ci compiles better-sqlite3 when no prebuilt binary fits
set -euo pipefail

PACKAGES=(chromium firefox-esr gnupg sq sqop rnp zip postgresql python3 make g++)

if ! command -v dpkg-query >/dev/null 2>&1; then
  echo "ci-deps: not a Debian/Ubuntu system; install by hand: ${PACKAGES[*]}" >&2
  exit 1
fi

missing=()
for pkg in "${PACKAGES[@]}"; do
  status=$(dpkg-query -W -f='${db:Status-Status}' "$pkg" 2>/dev/null || true)
  [[ "$status" == "installed" ]] || missing+=("$pkg")
done
[[ ${#missing[@]} -eq 0 ]] && exit 0

# Debian names assumed (the e2e harness runs /usr/lib/chromium/chromium and /usr/bin/firefox-esr);
# on Ubuntu chromium is a snap and firefox-esr needs the mozillateam PPA.
echo "ci-deps: installing missing packages: ${missing[*]}"
if [[ $(id -u) -eq 0 ]]; then
  SUDO=()
elif command -v sudo >/dev/null 2>&1 && sudo -n true 2>/dev/null; then
  SUDO=(sudo -n)
else
  echo "ci-deps: need root to install them; run: sudo apt-get install -y ${missing[*]}" >&2
  exit 1
fi
"${SUDO[@]}" apt-get update
# env, not a prefix assignment: sudo would drop DEBIAN_FRONTEND.
"${SUDO[@]}" env DEBIAN_FRONTEND=noninteractive apt-get install -y --no-install-recommends "${missing[@]}"
