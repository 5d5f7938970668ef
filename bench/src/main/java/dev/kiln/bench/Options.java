package dev.kiln.bench;

import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * The harness's knobs, from {@code --name value} arguments. The defaults keep the whole run under
 * about 25 minutes on a 2-core machine.
 */
record Options(Path out, String command, List<String> networks, List<String> contestants, int repetitions,
               double warmupSeconds, double windowSeconds, double inferenceWindowSeconds, double layerSeconds,
               double firstEpochCapSeconds, int referenceSteps, boolean firstEpoch, boolean layers) {

    static final String USAGE = """
            usage: BenchMain [--out docs/BENCHMARKS.md] [--command './bench.sh'] [--networks LeNet5,FashionCnn]
                             [--contestants kiln-java,kiln-opencl,dl4j] [--reps 3] [--warmup 5] [--window 12]
                             [--infer-window 4] [--layer-seconds 1.5] [--first-epoch-cap 120] [--reference-steps 3]
                             [--first-epoch true|false] [--layers true|false]""";

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
                List.of(m.getOrDefault("networks", "LeNet5,FashionCnn").split(",")),
                List.of(m.getOrDefault("contestants", "kiln-java,kiln-opencl,dl4j").split(",")),
                Integer.parseInt(m.getOrDefault("reps", "3")),
                Double.parseDouble(m.getOrDefault("warmup", "5")),
                Double.parseDouble(m.getOrDefault("window", "12")),
                Double.parseDouble(m.getOrDefault("infer-window", "4")),
                Double.parseDouble(m.getOrDefault("layer-seconds", "1.5")),
                Double.parseDouble(m.getOrDefault("first-epoch-cap", "120")),
                Integer.parseInt(m.getOrDefault("reference-steps", "3")),
                Boolean.parseBoolean(m.getOrDefault("first-epoch", "true")),
                Boolean.parseBoolean(m.getOrDefault("layers", "true")));
        m.keySet().removeAll(List.of("out", "command", "networks", "contestants", "reps", "warmup", "window",
                "infer-window", "layer-seconds", "first-epoch-cap", "reference-steps", "first-epoch", "layers"));
        if (!m.isEmpty()) {
            throw new IllegalArgumentException("unknown options " + m.keySet() + "\n" + USAGE);
        }
        if (o.repetitions < 1) {
            throw new IllegalArgumentException("--reps must be at least 1, got " + o.repetitions);
        }
        return o;
    }

    static int trainingBatch(String network) {
        return switch (network) {
            case "LeNet5" -> 64;
            case "FashionCnn" -> 100;
            default -> throw new IllegalArgumentException("no benchmark batch for network '" + network + "'; known: LeNet5, FashionCnn");
        };
    }

    static final int INFERENCE_BATCH = 256;
}
