package dev.kiln.tool;

import dev.kiln.interop.imports.ImportWriter;
import dev.kiln.interop.imports.SpecCompiler;
import dev.kiln.runtime.KilnException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/**
 * {@code kiln compile SPEC.java... --out DIR/classes}: compiles @Network specs with Kiln's processor into a
 * class folder for {@code --classpath}, as {@code kiln import} does; for an imported spec edited by hand
 * (a new head), without a javac line of jar paths.
 */
@Command(name = "compile", description = "compile @Network spec sources (e.g. an imported spec you edited) with Kiln's "
        + "processor into a class folder for --classpath")
final class CompileVerb extends Verb {
    @Parameters(index = "0..*", arity = "1..*", paramLabel = "SPEC.java", description = "the spec sources to compile")
    List<Path> sources;

    @Option(names = "--out", paramLabel = "DIR", required = true, description = "the class folder, e.g. DIR/classes of kiln "
            + "import; models already registered there stay registered")
    Path out;

    @Mixin
    OverwriteOption overwrite;

    @Override
    int run(Session session) {
        for (Path s : sources) {
            if (!Files.isRegularFile(s)) {
                throw new KilnException(s + ": no such file");
            }
            // the spec's class in the folder: an earlier compilation's is replaced only with --overwrite
            overwrite.claim("--out", out.resolve(classFile(s)));
        }
        List<SpecCompiler.Error> errors = ImportWriter.compileInto(sources, out);
        if (!errors.isEmpty()) {
            for (SpecCompiler.Error e : errors) {
                session.err.println(e.spec().replace('.', '/') + ".java:" + e.line() + ": " + e.message().replace('\n', ' '));
            }
            throw new KilnException(errors.size() + " error" + (errors.size() == 1 ? "" : "s") + "; nothing was written to " + out);
        }
        session.out.printf("compiled %d spec%s into %s%n", sources.size(), sources.size() == 1 ? "" : "s", out);
        return 0;
    }

    /** com/example/Foo.class for a source declaring package com.example and named Foo.java. */
    private static String classFile(Path source) {
        try {
            java.util.regex.Matcher pkg = java.util.regex.Pattern.compile("(?m)^\\s*package\\s+([\\w.]+)\\s*;")
                    .matcher(Files.readString(source));
            String simple = source.getFileName().toString().replaceFirst("\\.java$", "");
            return (pkg.find() ? pkg.group(1).replace('.', '/') + "/" : "") + simple + ".class";
        } catch (java.io.IOException e) {
            throw new KilnException(source + ": cannot read it: " + e.getMessage(), e);
        }
    }
}
