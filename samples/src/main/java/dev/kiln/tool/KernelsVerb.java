package dev.kiln.tool;

import dev.kiln.runtime.KilnModel;
import java.util.List;

/** {@code kiln kernels SPEC}: the generated, shape-specialised OpenCL source. */
final class KernelsVerb implements Verb {
    @Override
    public String name() {
        return "kernels";
    }

    @Override
    public String description() {
        return "print the generated OpenCL program of a network";
    }

    @Override
    public String synopsis() {
        return "kernels SPEC [--classpath PATH]";
    }

    @Override
    public List<Option> options() {
        return List.of();
    }

    @Override
    public int run(Args args, Session session) {
        KilnModel model = session.model(args.single("spec name"));
        String source = model.openCl().source();
        session.out.print(source);
        if (!source.endsWith("\n")) {
            session.out.println();
        }
        return 0;
    }
}
