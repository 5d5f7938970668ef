package dev.kiln.tool;

import dev.kiln.interop.onnx.OnnxImport;
import dev.kiln.runtime.KilnException;
import java.nio.file.Files;
import java.nio.file.Path;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code kiln import MODEL.onnx --name com.example.Foo --out DIR}: an ONNX model as a Kiln spec and its weights. */
@Command(name = "import", description = "turn an ONNX model into an annotated Kiln spec (Java source) and its weights")
final class ImportVerb extends Verb {
    @Parameters(index = "0", arity = "1", paramLabel = "MODEL.onnx", description = "the ONNX model to import")
    Path model;

    @Option(names = "--name", paramLabel = "CLASS", required = true,
            description = "the spec's qualified class name, e.g. com.example.Foo")
    String name;

    @Option(names = "--out", paramLabel = "DIR", required = true,
            description = "where to write com/example/Foo.java and Foo.safetensors")
    Path out;

    @Mixin
    OverwriteOption overwrite;

    @Override
    int run(Session session) {
        if (!Files.isRegularFile(model)) {
            throw new KilnException(model + ": no such file");
        }
        // the two files OnnxImport writes: DIR/com/example/Foo.java and DIR/Foo.safetensors
        overwrite.claimAll("--out", out.resolve(name.replace('.', '/') + ".java"),
                out.resolve(name.substring(name.lastIndexOf('.') + 1) + ".safetensors"));
        OnnxImport.Written w = OnnxImport.run(model, name, out);
        session.out.printf("wrote %s (%d layers) and %s (%,d parameters)%n", w.source(), w.layers(), w.weights(), w.parameters());
        session.out.println("compile it with Kiln's processor, then e.g.: ./kiln eval " + name
                + " --classpath CLASSES --weights " + w.weights());
        return 0;
    }
}
