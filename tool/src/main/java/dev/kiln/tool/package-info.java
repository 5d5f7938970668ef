/**
 * The {@code kiln} command-line tool, on picocli: {@link dev.kiln.tool.Kiln} builds the command
 * tree and maps problems to exit statuses; each verb ({@code summary}, {@code train}, {@code eval},
 * {@code predict}, {@code featuremaps}, {@code filters}, {@code kernels}, {@code devices}) is one
 * {@link dev.kiln.tool.Verb} subclass whose fields are its options, and the options several verbs
 * share are mixins ({@link dev.kiln.tool.ModelOptions}, {@link dev.kiln.tool.BackendOptions},
 * {@link dev.kiln.tool.WeightsOption}, {@link dev.kiln.tool.DataOption}), so that a verb lists only
 * what it uses. Models are found with {@link java.util.ServiceLoader} on the samples and on the
 * user's {@code --classpath}; the tool only parses arguments, picks data, calls the runtime and
 * prints. Not an API: call the runtime directly.
 */
package dev.kiln.tool;
