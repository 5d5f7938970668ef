/**
 * Kiln's annotation processor: {@link dev.kiln.processor.KilnProcessor} drives the three stages
 * (read the {@code @Network} class in {@code model}, judge it in {@code validation}, write code in
 * {@code writer}) and owns everything that touches javac: the messager, the filer, the service
 * registration and the {@code kiln.dump} switch.
 */
package dev.kiln.processor;
