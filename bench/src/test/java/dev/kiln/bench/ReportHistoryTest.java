package dev.kiln.bench;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ReportHistoryTest {
    @Test
    void keepsEarlierRunsBelowTheHistoryHeading(@TempDir Path dir) throws Exception {
        Path md = dir.resolve("BENCHMARKS.md");
        Files.writeString(md, "# old tables\n\n## History\n\n- run one\n- run two\n");
        assertEquals("## History\n\n- run one\n- run two\n", Report.history(md));
    }

    @Test
    void startsAHistoryWhenThereIsNone(@TempDir Path dir) throws Exception {
        assertTrue(Report.history(dir.resolve("missing.md")).startsWith("## History\n"));
    }
}
