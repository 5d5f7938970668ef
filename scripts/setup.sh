#!/usr/bin/env bash
# Installs what Kiln's build, tests and samples need on Debian/Ubuntu, and nothing that is already there:
#   - a JDK 17+ and Maven (the build),
#   - PoCL, the OpenCL runtime for CPUs, and the unversioned libOpenCL.so that JOCL loads (the OpenCL backend),
#   - the Fashion-MNIST data set (training tests and samples),
#   - Chromium (the test that renders the training report).
# Safe to run again; it only calls apt-get when something is missing.
set -euo pipefail

missing=()
command -v javac >/dev/null 2>&1 || missing+=(openjdk-17-jdk-headless)
command -v mvn >/dev/null 2>&1 || missing+=(maven)
dpkg -s pocl-opencl-icd >/dev/null 2>&1 || missing+=(pocl-opencl-icd)
dpkg -s ocl-icd-opencl-dev >/dev/null 2>&1 || missing+=(ocl-icd-opencl-dev)
command -v clinfo >/dev/null 2>&1 || missing+=(clinfo)
[ -f /usr/share/datasets/fashion-mnist/train-images-idx3-ubyte.gz ] || missing+=(dataset-fashion-mnist)
command -v chromium >/dev/null 2>&1 || missing+=(chromium)

if [ ${#missing[@]} -gt 0 ]; then
  echo "setup: installing ${missing[*]}" >&2
  SUDO=""
  [ "$(id -u)" -eq 0 ] || SUDO="sudo"
  export DEBIAN_FRONTEND=noninteractive
  $SUDO apt-get update -qq
  $SUDO apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
fi
