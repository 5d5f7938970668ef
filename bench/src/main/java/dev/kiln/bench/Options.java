package dev.kiln.bench;

import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * The harness's knobs, from {@code --name value} arguments. The defaults keep the whole run around
 * 8 minutes on a quiet 2-core machine (longer on a loaded one: contaminated chunks are measured again,
 * up to {@code --patience} times the window).
 */
record Options(Path out, String command, List<String> networks, List<String> contestants, int repetitions,
               double warmupSeconds, double windowSeconds, double inferenceWindowSeconds, double layerSeconds,
               double firstEpochCapSeconds, int referenceSteps, boolean firstEpoch, boolean layers,
               double chunkSeconds, double maxOthersCores, double patience) {

    static final String USAGE = """
            usage: BenchMain [--out docs/BENCHMARKS.md] [--command './bench.sh'] [--networks LeNet5,FashionCnn,...]
                             [--contestants kiln-java,kiln-opencl,djl,dl4j,ort] [--reps 3] [--warmup 3] [--window 3]
                             [--infer-window 2] [--layer-seconds 1] [--first-epoch-cap 10] [--reference-steps 3]
                             [--first-epoch true|false] [--layers true|false]
                             [--chunk 0.5] [--max-others 0.1] [--patience 4]""";

    static Options parse(String[] args) {
        Map<String, String> m = new HashMap<>();
        for (int i = 0; i < args.length; i += 2) {
            if (!args[i].startsWith("--") || i + 1 >= args.length) {
                throw new IllegalArgumentException("expected --name value pairs, found '" + args[i] + "'\n" + USAGE);
            }
            m.put(args[i].substring(2), args[i + 1]);
        }
        Options o = new Options(Path.of(m.getOrDefault("out", "docs/BENCHMARKS.md")),
                m.getOrDefault("command", "./bench.sh"),
                m.containsKey("networks") ? List.of(m.get("networks").split(",")) : BenchNetwork.available(),
                List.of(m.getOrDefault("contestants", "kiln-java,kiln-opencl,djl,dl4j,ort").split(",")),
                Integer.parseInt(m.getOrDefault("reps", "3")),
                Double.parseDouble(m.getOrDefault("warmup", "3")),
                Double.parseDouble(m.getOrDefault("window", "3")),
                Double.parseDouble(m.getOrDefault("infer-window", "2")),
                Double.parseDouble(m.getOrDefault("layer-seconds", "1")),
                Double.parseDouble(m.getOrDefault("first-epoch-cap", "10")),
                Integer.parseInt(m.getOrDefault("reference-steps", "3")),
                Boolean.parseBoolean(m.getOrDefault("first-epoch", "true")),
                Boolean.parseBoolean(m.getOrDefault("layers", "true")),
                Double.parseDouble(m.getOrDefault("chunk", "0.5")),
                Double.parseDouble(m.getOrDefault("max-others", "0.1")),
                Double.parseDouble(m.getOrDefault("patience", "4")));
        m.keySet().removeAll(List.of("out", "command", "networks", "contestants", "reps", "warmup", "window",
                "infer-window", "layer-seconds", "first-epoch-cap", "reference-steps", "first-epoch", "layers",
                "chunk", "max-others", "patience"));
        if (!m.isEmpty()) {
            throw new IllegalArgumentException("unknown options " + m.keySet() + "\n" + USAGE);
        }
        if (o.repetitions < 1) {
            throw new IllegalArgumentException("--reps must be at least 1, got " + o.repetitions);
        }
        if (o.chunkSeconds <= 0 || o.patience < 1) {
            throw new IllegalArgumentException("--chunk must be positive and --patience at least 1");
        }
        for (String k : o.contestants) {
            if (!List.of("dl4j", "djl", "ort", "kiln-java", "kiln-opencl").contains(k)) {
                throw new IllegalArgumentException("unknown contestant '" + k + "': use kiln-java, kiln-opencl, djl, dl4j or ort\n" + USAGE);
            }
        }
        for (String n : o.networks) {
            BenchNetwork.find(n);
        }
        return o;
    }

    /** A measurement of {@code windowSeconds} of clean chunks after {@code warmupSeconds}. */
    Throughput.Plan plan(double warmupSeconds, double windowSeconds) {
        return new Throughput.Plan(warmupSeconds, windowSeconds, chunkSeconds, maxOthersCores, patience);
    }

    /** Kiln's contestants (whose ratios the tables give) and the others (the frameworks they are compared with). */
    static boolean isKiln(String key) {
        return key.startsWith("kiln-");
    }

}
