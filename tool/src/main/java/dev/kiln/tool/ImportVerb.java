package dev.kiln.tool;

import dev.kiln.interop.ModelImport;
import dev.kiln.interop.imports.ImportWriter;
import dev.kiln.interop.imports.ImportedNetwork;
import dev.kiln.runtime.KilnException;
import java.nio.file.Files;
import java.nio.file.Path;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/**
 * {@code kiln import MODEL --name com.example.Foo --out DIR}: an ONNX or Keras model as a Kiln spec, its weights
 * and its compiled classes, ready for {@code --classpath DIR/classes}.
 */
@Command(name = "import", description = "turn an ONNX or Keras model into an annotated Kiln spec (Java source), its "
        + "weights and its compiled classes")
final class ImportVerb extends Verb {
    @Parameters(index = "0", arity = "1", paramLabel = "MODEL", description = "the model to import: MODEL.onnx (its "
            + "external data files beside it), or a whole Keras model MODEL.keras or MODEL.h5")
    Path model;

    @Option(names = "--name", paramLabel = "CLASS", required = true,
            description = "the spec's qualified class name, e.g. com.example.Foo")
    String name;

    @Option(names = "--out", paramLabel = "DIR", required = true,
            description = "where to write com/example/Foo.java, Foo.safetensors and the compiled classes (DIR/classes)")
    Path out;

    @Mixin
    OverwriteOption overwrite;

    @Override
    int run(Session session) {
        if (!Files.isRegularFile(model)) {
            throw new KilnException(model + ": no such file");
        }
        ImportWriter.checkName(name);
        // the files an import writes beside its classes: DIR/com/example/Foo.java and DIR/Foo.safetensors
        overwrite.claimAll("--out", out.resolve(name.replace('.', '/') + ".java"),
                out.resolve(name.substring(name.lastIndexOf('.') + 1) + ".safetensors"));
        ImportedNetwork net = ModelImport.map(model);
        ImportWriter.Written w = ImportWriter.write(net, name, model.getFileName().toString(), out);
        session.out.printf("wrote %s (%d layers), %s (%,d parameters) and the compiled classes in %s%n", w.source(),
                w.layers(), w.weights(), w.parameters(), w.classes());
        for (String note : net.notes()) {
            session.out.println(note);
        }
        session.out.println("run it: ./kiln eval " + name + " --classpath " + w.classes() + " --weights " + w.weights());
        return 0;
    }
}
