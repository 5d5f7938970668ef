package dev.kiln.build;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The summary line, from surefire reports written as surefire 3.5 writes them for JUnit 5. */
class SkipSummaryTest {

    private static final String OPENCL = """
            <?xml version="1.0" encoding="UTF-8"?>
            <testsuite name="dev.kiln.processor.opencl.ParityTest" tests="3" errors="0" skipped="2" failures="0">
              <testcase name="leNet5" classname="dev.kiln.processor.opencl.ParityTest" time="0.01">
                <skipped message="Assumption failed: skipped: no OpenCL platform (PoCL: apt-get install pocl-opencl-icd)"/>
              </testcase>
              <testcase name="fashionCnn" classname="dev.kiln.processor.opencl.ParityTest" time="0.01">
                <skipped type="org.opentest4j.TestAbortedException"><![CDATA[org.opentest4j.TestAbortedException: skipped: no OpenCL platform (PoCL: apt-get install pocl-opencl-icd)
                	at org.junit.jupiter.api.Assumptions.abort(Assumptions.java:320)
            ]]></skipped>
              </testcase>
              <testcase name="hash" classname="dev.kiln.processor.opencl.ParityTest" time="0.2"/>
            </testsuite>
            """;
    private static final String DATA = """
            <?xml version="1.0" encoding="UTF-8"?>
            <testsuite name="dev.kiln.tool.JavaBackendVerbsTest" tests="3" errors="0" skipped="1" failures="1">
              <testcase name="train" classname="dev.kiln.tool.JavaBackendVerbsTest" time="0.01">
                <skipped message="Fashion-MNIST is not installed
               (apt-get install dataset-fashion-mnist); skipping"/>
              </testcase>
              <testcase name="summary" classname="dev.kiln.tool.JavaBackendVerbsTest" time="0.3">
                <failure message="expected: 1 but was: 2" type="org.opentest4j.AssertionFailedError"/>
              </testcase>
              <testcase name="help" classname="dev.kiln.tool.JavaBackendVerbsTest" time="0.1"/>
            </testsuite>
            """;

    @Test
    void countsEverySkipByReasonOnOneLine(@TempDir Path dir) throws IOException {
        List<Path> reports = List.of(write(dir, "processor", "TEST-dev.kiln.processor.opencl.ParityTest.xml", OPENCL),
                write(dir, "samples", "TEST-dev.kiln.tool.JavaBackendVerbsTest.xml", DATA));
        SkipSummary.Summary s = SkipSummary.summarize(reports);
        assertEquals(6, s.tests());
        assertEquals(1, s.failed());
        assertEquals(3, s.skips().size());
        assertEquals("[kiln] tests: 2 passed, 1 failed in 2 test classes, 3 SKIPPED, this run was partial:"
                + " 1 x \"Fashion-MNIST is not installed (apt-get install dataset-fashion-mnist); skipping\" (JavaBackendVerbsTest 1);"
                + " 2 x \"skipped: no OpenCL platform (PoCL: apt-get install pocl-opencl-icd)\" (ParityTest 2)", s.line());
    }

    @Test
    void saysSoWhenNothingWasSkipped(@TempDir Path dir) throws IOException {
        String clean = OPENCL.replaceAll("(?s)<skipped[^>]*/>|<skipped.*?</skipped>", "");
        SkipSummary.Summary s = SkipSummary.summarize(List.of(write(dir, "processor", "TEST-a.xml", clean)));
        assertEquals("[kiln] tests: 3 passed in 1 test class, none skipped", s.line());
    }

    @Test
    void namesTheSlowestTestClasses(@TempDir Path dir) throws IOException {
        String timed = DATA.replace("<testsuite name=\"dev.kiln.tool.JavaBackendVerbsTest\" ",
                "<testsuite name=\"dev.kiln.tool.JavaBackendVerbsTest\" time=\"12.5\" ");
        SkipSummary.Summary s = SkipSummary.summarize(List.of(write(dir, "processor", "TEST-a.xml", OPENCL),
                write(dir, "tool", "TEST-b.xml", timed)));
        // the OpenCL report has no suite time: its cases' 0.01 + 0.01 + 0.2
        assertEquals(List.of(new SkipSummary.ClassTime("dev.kiln.tool.JavaBackendVerbsTest", 12.5),
                new SkipSummary.ClassTime("dev.kiln.processor.opencl.ParityTest", 0.22)), s.times().stream()
                .map(t -> new SkipSummary.ClassTime(t.testClass(), Math.round(t.seconds() * 100) / 100.0)).toList());
        assertEquals("[kiln] test classes took 13 s in all; the slowest: JavaBackendVerbsTest 12.5 s", s.slowest(1));
    }

    @Test
    void readsOnlyThisBuildsReports(@TempDir Path dir) throws IOException {
        Path old = write(dir, "runtime", "TEST-old.xml", OPENCL);
        Files.setLastModifiedTime(old, FileTime.fromMillis(1_000_000));
        Path fresh = write(dir, "processor", "TEST-new.xml", DATA);
        write(dir, "processor", "not-a-report.xml", DATA);
        assertEquals(List.of(fresh), SkipSummary.reports(dir, 2_000_000));
    }

    private static Path write(Path root, String module, String name, String xml) throws IOException {
        Path d = Files.createDirectories(root.resolve(module).resolve("target").resolve("surefire-reports"));
        return Files.writeString(d.resolve(name), xml);
    }
}
