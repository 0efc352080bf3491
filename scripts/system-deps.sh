#!/usr/bin/env bash
# Install the Debian packages the test suite needs, only when they are missing.
# Chromium drives the end-to-end web tests (Playwright uses the system browser, never a
# downloaded one); poppler-utils turns the PDF report into PNG pages.
set -euo pipefail
need=()
command -v chromium >/dev/null 2>&1 || need+=(chromium)
command -v pdftoppm >/dev/null 2>&1 || need+=(poppler-utils)
fc-list 2>/dev/null | grep -qi "dejavu" || need+=(fonts-dejavu-core)
# Java 17 runs Apache Spark for the observatory's scale-out test (tests/observatory/test_scale.py).
command -v java >/dev/null 2>&1 || need+=(openjdk-17-jre-headless)
if [ ${#need[@]} -eq 0 ]; then exit 0; fi
if [ "$(id -u)" -ne 0 ]; then
  echo "system-deps: please install: ${need[*]} (sudo apt-get install ${need[*]})" >&2
  exit 0
fi
echo "system-deps: installing ${need[*]}" >&2
export DEBIAN_FRONTEND=noninteractive
apt-get update -qq >/dev/null
apt-get install -y -qq --no-install-recommends "${need[@]}" >/dev/null
