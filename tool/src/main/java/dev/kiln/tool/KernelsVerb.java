package dev.kiln.tool;

import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;

/** {@code kiln kernels SPEC}: the generated, shape-specialised OpenCL source. */
@Command(name = "kernels", description = "print the generated OpenCL program of a network")
final class KernelsVerb extends Verb {
    @Mixin
    ModelOptions network;

    @Override
    int run(Session session) {
        String source = network.model().openCl().source();
        session.out.print(source);
        if (!source.endsWith("\n")) {
            session.out.println();
        }
        return 0;
    }
}
