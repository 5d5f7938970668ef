package dev.kiln.build;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.lang.management.ManagementFactory;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Stream;
import javax.xml.XMLConstants;
import javax.xml.parsers.DocumentBuilder;
import javax.xml.parsers.DocumentBuilderFactory;
import org.w3c.dom.Document;
import org.w3c.dom.Element;
import org.w3c.dom.NodeList;

/**
 * The build's last word on its tests: one line with how many tests ran and the count and reason of
 * every skipped one, and one with the slowest test classes (the suite's time budget is spent there), so that a local green run that skipped the OpenCL, data-set or browser tests
 * says so. Reads the surefire reports ({@code TEST-*.xml}) that this build wrote: the module runs
 * in Maven's JVM (exec:java), so reports older than that JVM are left out.
 *
 * <p>A skip is a test JUnit reports as aborted (a failed assumption) or disabled. Tests left out
 * by JUnit tag ({@code long}, {@code benchmark}) never run and are not skips. With
 * {@code CI=true} any skip fails the build (CI must run everything).
 */
public final class SkipSummary {
    private SkipSummary() {
    }

    /** One test that did not run, and why. */
    public record Skip(String testClass, String test, String reason) {
    }

    /** One test class and the seconds its tests took, as surefire timed them. */
    public record ClassTime(String testClass, double seconds) {
    }

    /**
     * What the reports say: tests in them, failed ones, skipped ones, and every test class's time, slowest first.
     */
    public record Summary(int reports, int tests, int failed, List<Skip> skips, List<ClassTime> times) {

        /** The second line the build prints: the {@code n} slowest test classes, with their share of all the classes' time. */
        public String slowest(int n) {
            double total = times.stream().mapToDouble(ClassTime::seconds).sum();
            StringBuilder sb = new StringBuilder(String.format(java.util.Locale.ROOT,
                    "[kiln] test classes took %.0f s in all; the slowest:", total));
            String separator = " ";
            for (ClassTime t : times.subList(0, Math.min(n, times.size()))) {
                sb.append(separator).append(String.format(java.util.Locale.ROOT, "%s %.1f s", simpleName(t.testClass()),
                        t.seconds()));
                separator = ", ";
            }
            return sb.toString();
        }

        /** The one line the build prints. */
        public String line() {
            StringBuilder sb = new StringBuilder("[kiln] tests: ").append(tests - skips.size() - failed).append(" passed");
            if (failed > 0) {
                sb.append(", ").append(failed).append(" failed");
            }
            sb.append(" in ").append(reports).append(reports == 1 ? " test class" : " test classes");
            if (skips.isEmpty()) {
                return sb.append(", none skipped").toString();
            }
            sb.append(", ").append(skips.size()).append(" SKIPPED, this run was partial:");
            Map<String, Map<String, Integer>> byReason = new TreeMap<>();
            for (Skip s : skips) {
                byReason.computeIfAbsent(s.reason(), r -> new TreeMap<>()).merge(simpleName(s.testClass()), 1, Integer::sum);
            }
            String separator = " ";
            for (Map.Entry<String, Map<String, Integer>> e : byReason.entrySet()) {
                int count = e.getValue().values().stream().mapToInt(Integer::intValue).sum();
                sb.append(separator).append(count).append(" x \"").append(e.getKey()).append("\" (");
                String comma = "";
                for (Map.Entry<String, Integer> c : e.getValue().entrySet()) {
                    sb.append(comma).append(c.getKey()).append(' ').append(c.getValue());
                    comma = ", ";
                }
                sb.append(')');
                separator = "; ";
            }
            return sb.toString();
        }
    }

    /**
     * Prints the summary of the reports under {@code args[0]} written since this JVM started (or
     * since {@code args[1]}, in epoch milliseconds, when run on its own); fails under CI=true when
     * tests were skipped.
     */
    public static void main(String[] args) {
        Path root = Path.of(args.length > 0 ? args[0] : ".");
        long since = args.length > 1 ? Long.parseLong(args[1]) : ManagementFactory.getRuntimeMXBean().getStartTime();
        Summary s = summarize(reports(root, since));
        System.out.println(s.line());
        System.out.println(s.slowest(10));
        if (!s.skips().isEmpty() && "true".equals(System.getenv("CI"))) {
            throw new IllegalStateException("CI=true, but " + s.skips().size() + " test(s) were skipped: " + s.line());
        }
    }

    /** The surefire reports under {@code root} (modules up to two levels deep) modified at or after {@code sinceMillis}. */
    public static List<Path> reports(Path root, long sinceMillis) {
        try (Stream<Path> files = Files.walk(root, 5)) {
            return files.filter(p -> p.getFileName().toString().startsWith("TEST-") && p.getFileName().toString().endsWith(".xml"))
                    .filter(p -> p.getParent() != null && p.getParent().getFileName().toString().equals("surefire-reports"))
                    .filter(p -> modified(p) >= sinceMillis)
                    .sorted()
                    .toList();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Reads the reports: every test case, and the skipped ones with their messages. */
    public static Summary summarize(List<Path> reports) {
        int tests = 0;
        int failed = 0;
        List<Skip> skips = new ArrayList<>();
        List<ClassTime> times = new ArrayList<>();
        DocumentBuilder builder = builder();
        for (Path report : reports) {
            Document doc;
            try {
                doc = builder.parse(report.toFile());
            } catch (Exception e) {
                throw new IllegalStateException("cannot read the test report " + report + ": " + e.getMessage(), e);
            }
            NodeList cases = doc.getElementsByTagName("testcase");
            Element suite = doc.getDocumentElement();
            double caseSeconds = 0;
            for (int i = 0; i < cases.getLength(); i++) {
                Element c = (Element) cases.item(i);
                caseSeconds += seconds(c.getAttribute("time"));
                tests++;
                if (c.getElementsByTagName("failure").getLength() > 0 || c.getElementsByTagName("error").getLength() > 0) {
                    failed++;
                }
                NodeList skipped = c.getElementsByTagName("skipped");
                if (skipped.getLength() > 0) {
                    Element s = (Element) skipped.item(0);
                    String reason = s.getAttribute("message");
                    if (reason.isBlank()) {
                        reason = s.getTextContent().strip();
                    }
                    skips.add(new Skip(c.getAttribute("classname"), c.getAttribute("name"), clean(reason)));
                }
            }
            // the suite's own time includes its @BeforeAll work; reports without one add up their cases
            double suiteSeconds = suite.hasAttribute("time") ? seconds(suite.getAttribute("time")) : caseSeconds;
            times.add(new ClassTime(suite.getAttribute("name"), suiteSeconds));
        }
        times.sort(java.util.Comparator.comparingDouble(ClassTime::seconds).reversed());
        return new Summary(reports.size(), tests, failed, List.copyOf(skips), List.copyOf(times));
    }

    /**
     * A reason on one line: the message's first line, without the exception's class name (surefire
     * writes {@code org.opentest4j.TestAbortedException: why} and the stack trace) or JUnit's
     * {@code Assumption failed: } prefix.
     */
    static String clean(String reason) {
        String r = reason.isBlank() ? "no reason given" : reason.strip().lines().findFirst().orElse("").strip();
        r = r.replaceFirst("^[\\w.$]+(Exception|Error): ", "");
        r = r.replaceFirst("^Assumption failed: ", "");
        r = r.replaceAll("\\s+", " ");
        return r.length() > 160 ? r.substring(0, 157) + "..." : r;
    }

    /** Surefire's time attribute ("12.5", or "1,234.5" in some locales), 0 when absent. */
    private static double seconds(String time) {
        if (time == null || time.isBlank()) {
            return 0;
        }
        return Double.parseDouble(time.replace(",", ""));
    }

    private static String simpleName(String className) {
        return className.substring(className.lastIndexOf('.') + 1);
    }

    private static long modified(Path p) {
        try {
            return Files.getLastModifiedTime(p).toMillis();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static DocumentBuilder builder() {
        try {
            DocumentBuilderFactory f = DocumentBuilderFactory.newInstance();
            f.setFeature(XMLConstants.FEATURE_SECURE_PROCESSING, true);
            f.setFeature("http://apache.org/xml/features/disallow-doctype-decl", true);
            return f.newDocumentBuilder();
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }
}
