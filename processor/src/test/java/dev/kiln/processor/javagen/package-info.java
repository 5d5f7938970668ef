/**
 * Rung 4 of the verification ladder: the generated {@code FooJavaPass} compiled in memory, loaded,
 * and compared with the double-precision {@code ReferenceNetwork}; plus determinism, allocation and
 * a throughput benchmark ({@link dev.kiln.processor.javagen.JavaPassBenchmark}).
 */
package dev.kiln.processor.javagen;
