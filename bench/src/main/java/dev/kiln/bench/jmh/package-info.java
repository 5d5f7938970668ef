/**
 * JMH benchmarks for questions the plain harness answers less precisely, chiefly allocation per
 * training step with JMH's gc profiler. Not run by {@code ./bench.sh}; run them with
 * {@code java -cp "bench/target/classes:bench/target/lib/*" org.openjdk.jmh.Main TrainStep -prof gc}.
 */
package dev.kiln.bench.jmh;
