/**
 * The {@code kiln} command-line tool: {@link dev.kiln.tool.Kiln} dispatches a verb
 * ({@code summary}, {@code train}, {@code eval}, {@code predict}, {@code featuremaps},
 * {@code filters}, {@code kernels}, {@code devices}), each in its own class. Models are found with
 * {@link java.util.ServiceLoader} on the samples and on the user's {@code --classpath}; the tool
 * only parses arguments, picks data, calls the runtime and prints. Not an API: call the runtime directly.
 */
package dev.kiln.tool;
