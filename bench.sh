#!/usr/bin/env bash
# Kiln side by side with DJL (PyTorch engine, libtorch 2.7.1 CPU), Deeplearning4j (oneDNN helpers on) and ONNX Runtime
# on this machine: builds the bench module (fetching DJL, libtorch, DL4J and their natives from Maven
# Central on a fresh machine), runs the harness (each contestant in a JVM of its own), prints the tables
# and rewrites docs/BENCHMARKS.md. About 30 minutes with the 224x224 networks after the build (the first
# build downloads about 400 MB of jars); more on a loaded one, where contaminated chunks are measured again. Extra arguments go to the harness (e.g.
# --reps 5, --window 6, --networks LeNet5, --contestants kiln-java,djl, --first-epoch false); see
# dev.kiln.bench.Options.
set -euo pipefail
cd "$(dirname "$0")"

# The nd4j-native build for this CPU: oneDNN with AVX-512 where the CPU has it, else AVX2, else generic.
if grep -qw avx512f /proc/cpuinfo; then
  classifier=linux-x86_64-onednn-avx512
elif grep -qw avx2 /proc/cpuinfo; then
  classifier=linux-x86_64-onednn-avx2
else
  classifier=linux-x86_64-onednn
fi

mvn -B -q -Pbench -pl bench -am -DskipTests -Dnd4j.classifier="$classifier" package
# copy-dependencies keeps jars of earlier builds: use only the classifier just chosen.
classpath="bench/target/classes"
for jar in bench/target/lib/*.jar; do
  case "$jar" in
    */nd4j-native-*-linux-x86_64*) [[ "$jar" == *"-$classifier.jar" ]] || continue ;;
  esac
  classpath="$classpath:$jar"
done

# ./bench.sh folding [NETWORK [BATCH [ROUNDS]]]: inference with batch norm folded into the convs against
# batch norm as its own pass, side by side (dev.kiln.bench.FoldingBench; default FashionResNet 256 9)
if [ "${1:-}" = "folding" ]; then
  shift
  exec java -Xmx2g --add-modules jdk.incubator.vector -cp "$classpath" dev.kiln.bench.FoldingBench "$@"
fi

commit="$(git rev-parse --short HEAD 2>/dev/null || echo unknown)"
if [ -n "$(git status --porcelain 2>/dev/null)" ]; then commit="$commit+dirty"; fi
exec java -Xmx2g -cp "$classpath" -Dbench.nd4jClassifier="$classifier" -Dbench.commit="$commit" \
  dev.kiln.bench.BenchMain --out docs/BENCHMARKS.md --command "$(echo "./bench.sh $*" | sed "s/ *$//")" "$@"
