package dev.kiln.processor;

import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * The {@code kiln.dump} switch: {@code -Akiln.dump=stdout} prints every generated source and
 * kernel, {@code -Akiln.dump=DIR} also writes them under {@code DIR} by package path. The system
 * property {@code -Dkiln.dump=...} (for example through {@code MAVEN_OPTS}) works the same when the
 * option is not given.
 */
final class SourceDump {
    static final String OPTION = "kiln.dump";

    private final String target;

    SourceDump(String option) {
        this.target = option != null ? option : System.getProperty(OPTION);
    }

    boolean enabled() {
        return target != null && !target.isBlank();
    }

    /** Dumps one generated file; {@code relativePath} is like {@code dev/kiln/samples/LeNet5Model.java}. */
    void dump(String relativePath, String content) throws IOException {
        if (!enabled()) {
            return;
        }
        if (target.equals("stdout")) {
            PrintStream out = System.out;
            out.println("// ===== kiln.dump: " + relativePath);
            out.println(content);
            return;
        }
        Path file = Path.of(target).resolve(relativePath);
        Files.createDirectories(file.getParent());
        Files.writeString(file, content, StandardCharsets.UTF_8);
    }
}
