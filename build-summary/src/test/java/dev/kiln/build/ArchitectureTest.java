package dev.kiln.build;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.kiln.spec.LayerKind;
import dev.kiln.spec.Op;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * Keeps docs/ARCHITECTURE.md's table of op kinds honest: one row per {@link Op} record (every record of the
 * sealed hierarchy, found by reflection), every {@link LayerKind}'s annotation in a row, and every file a row
 * names present where the table's header says, with each OpenCL plan instantiating the template its row
 * names. The compiler lists the places a new kind must be handled; this test lists the files.
 */
class ArchitectureTest {
    private static final String TABLE = "## Each op kind, one file per side";

    /** One row: the record, its annotations, and its rule, Java code, OpenCL plan, template and reference. */
    private record Row(String record, List<String> annotations, String rule, String code, String plan, String template,
                       String reference) {
    }

    @Test
    void everyOpKindHasItsRuleCodePlanTemplateAndReference() throws IOException {
        Path root = JavadocCoverageTest.repositoryRoot();
        List<Row> rows = rows(Files.readString(root.resolve("docs/ARCHITECTURE.md"), StandardCharsets.UTF_8));

        Set<String> records = new TreeSet<>();
        collectRecords(Op.class, records);
        Set<String> documented = new TreeSet<>();
        rows.forEach(r -> documented.add(r.record()));
        assertEquals(records, documented, "ARCHITECTURE.md's table lists exactly the Op records");

        Set<String> annotations = new TreeSet<>();
        for (LayerKind k : LayerKind.values()) {
            annotations.add(k.annotation().getSimpleName());
        }
        Set<String> documentedAnnotations = new TreeSet<>();
        rows.forEach(r -> documentedAnnotations.addAll(r.annotations()));
        assertEquals(annotations, documentedAnnotations, "ARCHITECTURE.md's table lists every layer annotation");

        List<String> missing = new ArrayList<>();
        Set<String> templates = new TreeSet<>();
        for (Row r : rows) {
            for (String a : r.annotations()) {
                require(root, "dsl/src/main/java/dev/kiln/dsl/" + a + ".java", missing);
            }
            require(root, "dsl/src/main/java/dev/kiln/spec/" + r.record() + ".java", missing);
            require(root, "processor/src/main/java/dev/kiln/processor/validation/" + r.rule() + ".java", missing);
            require(root, "processor/src/main/java/dev/kiln/processor/writer/java/" + r.code() + ".java", missing);
            Path plan = require(root, "processor/src/main/java/dev/kiln/processor/writer/opencl/" + r.plan() + ".java", missing);
            require(root, "reference/src/main/java/dev/kiln/reference/" + r.reference() + ".java", missing);
            if (!r.template().equals("–")) {
                require(root, "opencl-kernels/src/main/resources/dev/kiln/opencl/" + r.template(), missing);
                String family = r.template().replace(".cl", "");
                templates.add(family);
                if (Files.isRegularFile(plan) && !Files.readString(plan).contains("s.source(\"" + family + "\"")) {
                    missing.add(r.plan() + " does not instantiate " + r.template());
                }
            }
        }
        assertEquals(List.of(), missing, "files ARCHITECTURE.md names");
        assertTrue(templates.size() >= 9, "only " + templates + " templates found in the table");
    }

    /** The rows of the table after {@link #TABLE}, header and rule skipped. */
    private static List<Row> rows(String doc) {
        int start = doc.indexOf(TABLE);
        assertTrue(start >= 0, "ARCHITECTURE.md has no section '" + TABLE + "'");
        List<Row> rows = new ArrayList<>();
        boolean inTable = false;
        for (String line : doc.substring(start).split("\n")) {
            if (!line.startsWith("|")) {
                if (inTable) {
                    break;
                }
                continue;
            }
            inTable = true;
            String[] cells = line.substring(1, line.length() - 1).split("\\|");
            for (int i = 0; i < cells.length; i++) {
                cells[i] = cells[i].trim();
            }
            if (cells[0].equals("op record") || cells[0].startsWith("---")) {
                continue;
            }
            assertEquals(7, cells.length, "a row of seven cells: " + line);
            rows.add(new Row(cells[0], List.of(cells[1].split(",\\s*")), cells[2], cells[3], cells[4], cells[5], cells[6]));
        }
        return rows;
    }

    private static void collectRecords(Class<?> type, Set<String> into) {
        if (type.isRecord()) {
            into.add(type.getSimpleName());
        }
        Class<?>[] permitted = type.getPermittedSubclasses();
        if (permitted != null) {
            for (Class<?> c : permitted) {
                collectRecords(c, into);
            }
        }
    }

    private static Path require(Path root, String path, List<String> missing) {
        Path p = root.resolve(path);
        if (!Files.isRegularFile(p)) {
            missing.add(path);
        }
        return p;
    }

    /** Every template in the contract module is instantiated by some plan (no template left behind by a removed kind). */
    @Test
    void everyTemplateIsUsed() throws IOException {
        Path root = JavadocCoverageTest.repositoryRoot();
        Path dir = root.resolve("opencl-kernels/src/main/resources/dev/kiln/opencl");
        StringBuilder plans = new StringBuilder();
        try (Stream<Path> files = Files.list(root.resolve("processor/src/main/java/dev/kiln/processor/writer/opencl"))) {
            for (Path f : files.toList()) {
                plans.append(Files.readString(f));
            }
        }
        List<String> unused = new ArrayList<>();
        try (Stream<Path> files = Files.list(dir)) {
            for (Path f : files.filter(p -> p.toString().endsWith(".cl")).sorted().toList()) {
                String family = f.getFileName().toString().replace(".cl", "");
                if (!family.equals("prelude") && !plans.toString().contains("\"" + family + "\"")) {
                    unused.add(family);
                }
            }
        }
        assertEquals(List.of(), unused, "templates no plan instantiates");
    }
}
