package dev.kiln.build;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * Issue 27 item 9: the README's figures about the test suite are the suite's own. The counts of random
 * cases it names are the defaults the tests read ({@code Integer.getInteger("kiln.X", N)}); the number
 * of tests and the suite's run time, which change with every commit, are not written down at all: the
 * build's last line says them.
 */
class ReadmeFiguresTest {
    private static final Pattern DEFAULT = Pattern.compile("Integer\\.getInteger\\(\"(kiln\\.[\\w.]+)\", ([\\d_]+)\\)");

    /** Every {@code -Dkiln.X} count default in the test sources of every module. */
    static Map<String, Integer> testDefaults() throws IOException {
        Map<String, Integer> defaults = new HashMap<>();
        try (Stream<Path> files = Files.walk(ReadmeCommandsTest.ROOT, 12)) {
            for (Path f : files.filter(p -> p.toString().contains("/src/test/java/") && !p.toString().contains("/target/")
                    && p.toString().endsWith(".java")).toList()) {
                Matcher m = DEFAULT.matcher(Files.readString(f));
                while (m.find()) {
                    defaults.put(m.group(1), Integer.parseInt(m.group(2).replace("_", "")));
                }
            }
        }
        return defaults;
    }

    private static int number(String text) {
        return Integer.parseInt(text.replace(",", ""));
    }

    @Test
    void theRandomCasesTheReadmeCountsAreTheTestsDefaults() throws IOException {
        String readme = Files.readString(ReadmeCommandsTest.ROOT.resolve("README.md")).replaceAll("\\s+", " ");
        Map<String, Integer> defaults = testDefaults();
        Matcher networks = Pattern.compile("([\\d,]+) random networks for Java, ([\\d,]+) for OpenCL").matcher(readme);
        assertTrue(networks.find(), "the README counts the random networks of the parity tests");
        assertEquals(defaults.get("kiln.javagen.random"), number(networks.group(1)), "random networks for Java");
        assertEquals(defaults.get("kiln.opencl.random"), number(networks.group(2)), "random networks for OpenCL"); // was 30
        Matcher specs = Pattern.compile("([\\d,]+) random specs through `javac`").matcher(readme);
        assertTrue(specs.find(), "the README counts the fuzz's specs");
        assertEquals(defaults.get("kiln.fuzz"), number(specs.group(1)));
    }

    @Test
    void theReadmeWritesDownNoCountOrTimeOfTheWholeSuite() throws IOException {
        String readme = Files.readString(ReadmeCommandsTest.ROOT.resolve("README.md")).replaceAll("\\s+", " ");
        // was "636 passed in 98 test classes" and "about 800 tests in about 10 minutes", stale within days
        assertFalse(Pattern.compile("\\d+ passed in \\d+ test classes").matcher(readme).find(), "a count of tests");
        assertFalse(Pattern.compile("about [\\d,]+ tests").matcher(readme).find(), "a count of tests");
        assertFalse(Pattern.compile("tests in (about )?[\\d.]+ minutes").matcher(readme).find(), "the suite's time");
    }
}
