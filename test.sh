#!/usr/bin/env bash
# The whole test suite, as CI runs it: installs what is missing, then builds and tests every module.
set -euo pipefail
cd "$(dirname "$0")"
scripts/setup.sh
mvn -B verify "$@"
