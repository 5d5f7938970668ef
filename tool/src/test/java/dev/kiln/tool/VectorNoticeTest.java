package dev.kiln.tool;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * Issue 26 item 10: a JVM without the Vector API module runs the generated code's plain loops; it is
 * told so once on stderr (it used to be silent), and not when it has the module or chose the loops.
 */
class VectorNoticeTest {
    static final String NOTICE = "kiln: the generated Java code runs its plain loops, which are slower: this JVM lacks the "
            + "Vector API; start it with --add-modules jdk.incubator.vector (or choose the loops with -Dkiln.vector=false)";

    @Test
    void aJvmWithoutTheVectorApiIsToldOnce() throws Exception {
        FreshJvm without = FreshJvm.java(Map.of(), List.of(), VectorNoticeMain.class);
        assertEquals(0, without.status(), without.toString());
        assertTrue(without.out().startsWith("vector false\n"), without.toString());
        assertEquals(1, without.err().split(java.util.regex.Pattern.quote(NOTICE), -1).length - 1, without.toString());

        FreshJvm with = FreshJvm.java(Map.of(), List.of("--add-modules", "jdk.incubator.vector"), VectorNoticeMain.class);
        assertTrue(with.out().startsWith("vector true\n"), with.toString());
        assertFalse(with.err().contains("plain loops"), with.toString());

        FreshJvm chosen = FreshJvm.java(Map.of(), List.of("-Dkiln.vector=false"), VectorNoticeMain.class);
        assertTrue(chosen.out().startsWith("vector false\n"), chosen.toString());
        assertFalse(chosen.err().contains("plain loops"), chosen.toString());
    }
}
