package dev.kiln.tool;

import java.nio.file.Path;
import picocli.CommandLine.Option;

/** The mixin of verbs that read the spec's data set: {@code --data DIR}. */
final class DataOption {
    @Option(names = "--data", paramLabel = "DIR", description = "a directory with the four Fashion-MNIST IDX files "
            + "(default /usr/share/datasets/fashion-mnist)")
    Path dir;
}
