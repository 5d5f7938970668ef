package dev.kiln.tool;

import dev.kiln.samples.CellImages;
import java.nio.file.Path;
import java.util.Locale;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/**
 * {@code kiln make-cells DIR}: draws the synthetic stand-in for NIH's malaria cell pictures,
 * {@code DIR/Parasitized/*.png} and {@code DIR/Uninfected/*.png}, for {@code kiln train MalariaCnn --data DIR}.
 */
@Command(name = "make-cells", description = "draw synthetic malaria cell pictures (Parasitized/, Uninfected/) for MalariaCnn")
final class MakeCellsVerb extends Verb {
    static final int DEFAULT_PER_CLASS = 1000;

    @Parameters(index = "0", arity = "1", paramLabel = "DIR", description = "the folder to create (it must not hold "
            + "Parasitized/ or Uninfected/ yet)")
    Path dir;

    @Option(names = "--count", paramLabel = "N", converter = Converters.Positive.class,
            description = "pictures per class (default " + DEFAULT_PER_CLASS + ")")
    int count = DEFAULT_PER_CLASS;

    @Option(names = "--seed", paramLabel = "N", converter = Converters.AnyLong.class,
            description = "seed of the drawings (default 0)")
    long seed;

    @Override
    int run(Session session) {
        long start = System.nanoTime();
        CellImages.write(dir, count, seed);
        session.out.printf(Locale.ROOT, "wrote %,d pictures to %s (%,d in each of %s) in %.1f s%n", 2 * count, dir, count,
                CellImages.CLASS_NAMES, (System.nanoTime() - start) * 1e-9);
        session.out.println("train on them: ./kiln train MalariaCnn --data " + dir
                + " --epochs 50 --patience 5 --batch 100 --validation 0.1");
        return 0;
    }
}
