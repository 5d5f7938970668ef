/**
 * What the generated {@code FooJavaPass} classes run on: the {@link dev.kiln.runtime.java.JavaPass}
 * contract, the dropout hash both backends share, and the persistent {@link dev.kiln.runtime.java.WorkerPool}
 * that spreads a batch over every core without allocating. Called by generated code and the Java backend.
 */
package dev.kiln.runtime.java;
