#!/usr/bin/env bash
# Times Kiln's annotation processor and javac on each sample alone, and counts the lines it generates.
# Run from the repository root after `mvn -o compile -pl samples -am` (it reads the modules' target/classes):
#   scripts/samples/compile_times.sh [Sample ...]      (default: the zoo samples of issue 23)
# Prints one line per sample: processor seconds (javac -proc:only), javac seconds on the generated sources
# (-proc:none), generated Java lines, OpenCL lines, and the largest generated class file.
set -euo pipefail
root=$(pwd)
m2=${M2_REPO:-$HOME/.m2/repository}
jar() { find "$m2" -name "$1-*.jar" ! -name '*sources*' | sort | tail -1; }
cp="$root/dsl/target/classes:$root/runtime/target/classes:$(jar jocl)"
pp="$root/processor/target/classes:$root/dsl/target/classes:$root/opencl-kernels/target/classes:$(jar javapoet)"
samples=("$@")
[ ${#samples[@]} -gt 0 ] || samples=(ResNet50 MobileNetV2 MobileNetV3Small EfficientNetB0 DenseNet121 GoogLeNet SqueezeNet11 ShuffleNetV2)
work=$(mktemp -d "$root/samples/target/compile-times.XXXXXX")
trap 'rm -rf "$work"' EXIT
printf '%-18s %10s %8s %11s %11s %14s\n' sample processor javac 'java lines' 'cl lines' 'largest class'
for s in "${samples[@]}"; do
  src="$root/samples/src/main/java/dev/kiln/samples/$s.java"
  d="$work/$s"; mkdir -p "$d/gen" "$d/out"
  t0=$(date +%s.%N)
  javac -proc:only -processorpath "$pp" -cp "$cp" -s "$d/gen" -d "$d/out" "$src"
  t1=$(date +%s.%N)
  javac -proc:none -nowarn -cp "$cp" -d "$d/out" "$src" $(find "$d/gen" -name '*.java') 2>/dev/null
  t2=$(date +%s.%N)
  jl=$(cat $(find "$d/gen" -name '*.java') | wc -l)
  cl=$(cat $(find "$d/out" -name '*.cl') /dev/null | wc -l)
  big=$(find "$d/out" -name '*.class' -printf '%s %f\n' | sort -n | tail -1)
  printf '%-18s %9.1fs %7.1fs %11d %11d %14s\n' "$s" "$(echo "$t1 - $t0" | bc)" "$(echo "$t2 - $t1" | bc)" "$jl" "$cl" "$big"
done
