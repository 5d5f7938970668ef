package dev.kiln.tool;

import dev.kiln.interop.onnx.OnnxImport;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/** {@code kiln import MODEL.onnx --name com.example.Foo --out DIR}: an ONNX model as a Kiln spec and its weights. */
final class ImportVerb implements Verb {
    @Override
    public String name() {
        return "import";
    }

    @Override
    public String description() {
        return "turn an ONNX model into an annotated Kiln spec (Java source) and its weights";
    }

    @Override
    public String synopsis() {
        return "import MODEL.onnx --name com.example.Foo --out DIR";
    }

    @Override
    public List<Option> options() {
        return List.of(
                Option.value("name", "CLASS", "the spec's qualified class name, e.g. com.example.Foo"),
                Option.value("out", "DIR", "where to write com/example/Foo.java and Foo.safetensors"));
    }

    @Override
    public int run(Args args, Session session) {
        Path model = Path.of(args.single("ONNX file"));
        if (!Files.isRegularFile(model)) {
            throw new dev.kiln.runtime.KilnException(model + ": no such file");
        }
        String name = args.required("name", "the spec's class name, e.g. --name com.example.Foo");
        Path out = Path.of(args.required("out", "the directory to write the spec and its weights to"));
        OnnxImport.Written w = OnnxImport.run(model, name, out);
        session.out.printf("wrote %s (%d layers) and %s (%,d parameters)%n", w.source(), w.layers(), w.weights(), w.parameters());
        session.out.println("compile it with Kiln's processor, then e.g. ./kiln eval " + name + " --classpath CLASSES --weights "
                + w.weights());
        return 0;
    }
}
