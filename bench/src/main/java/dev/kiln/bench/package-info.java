/**
 * The benchmark harness ({@code ./bench.sh}): Kiln's Java, OpenCL and reference backends, DJL on
 * libtorch and Deeplearning4j trained and run side by side on the same networks, data and machine
 * (each contestant in a JVM of its own, {@link dev.kiln.bench.ContestantServer}, measured in
 * contamination-filtered chunks), and the report written to {@code docs/BENCHMARKS.md}. Nothing else in Kiln depends on this package.
 *
 * <p>{@link dev.kiln.bench.BenchMain} runs everything; {@link dev.kiln.bench.FirstEpoch} is the
 * child process that measures the time to the first trained epoch including start-up.
 */
package dev.kiln.bench;
