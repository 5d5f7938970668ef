package dev.kiln.tool;

import dev.kiln.samples.CellImages;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;

/**
 * {@code kiln make-cells DIR}: draws the synthetic stand-in for NIH's malaria cell pictures,
 * {@code DIR/Parasitized/*.png} and {@code DIR/Uninfected/*.png}, for {@code kiln train MalariaCnn --data DIR}.
 */
final class MakeCellsVerb implements Verb {
    static final int DEFAULT_PER_CLASS = 1000;

    @Override
    public String name() {
        return "make-cells";
    }

    @Override
    public String description() {
        return "draw synthetic malaria cell pictures (Parasitized/, Uninfected/) for MalariaCnn";
    }

    @Override
    public String synopsis() {
        return "make-cells DIR [--count N] [--seed N]";
    }

    @Override
    public List<Option> options() {
        return List.of(
                Option.value("count", "N", "pictures per class (default " + DEFAULT_PER_CLASS + ")"),
                Option.value("seed", "N", "seed of the drawings (default 0)"));
    }

    @Override
    public int run(Args args, Session session) {
        Path dir = Path.of(args.single("output folder"));
        int count = args.integer("count", DEFAULT_PER_CLASS, 1);
        long seed = args.longValue("seed", 0);
        long start = System.nanoTime();
        CellImages.write(dir, count, seed);
        session.out.printf(Locale.ROOT, "wrote %,d pictures to %s (%,d in each of %s) in %.1f s%n", 2 * count, dir, count,
                CellImages.CLASS_NAMES, (System.nanoTime() - start) * 1e-9);
        session.out.println("train on them: ./kiln train MalariaCnn --data " + dir
                + " --epochs 50 --patience 5 --batch 100 --validation 0.1");
        return 0;
    }
}
