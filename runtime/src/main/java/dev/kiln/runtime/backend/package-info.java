/**
 * The Java backend: {@link dev.kiln.runtime.backend.JavaBackend} runs a generated
 * {@link dev.kiln.runtime.java.JavaPass} and the Java optimiser on the CPU. {@link dev.kiln.runtime.backend.BatchChecks}
 * holds the run-time input validation every backend may share: it refuses a bad batch with an
 * {@link dev.kiln.runtime.backend.InvalidInputException} before any work is done.
 *
 * <p>Called by {@link dev.kiln.runtime.Backends}, the trainer and tests.
 */
package dev.kiln.runtime.backend;
