package dev.kiln.bench;

import dev.kiln.runtime.data.Dataset;
import dev.kiln.runtime.data.FashionMnist;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.Locale;
import java.util.Map;

/**
 * One contestant in a JVM of its own, measured on the parent's request (see {@link ContestantProcess}):
 * it builds the same batches as every other contestant, says {@code ready}, then answers one
 * measurement per command line until {@code quit}.
 *
 * <p>Usage: {@code ContestantServer NETWORK KEY}. Protocol lines start with {@value #TAG} (a library
 * may print anything else on standard output): {@code ready\tDESCRIPTION}, {@code error\tMESSAGE},
 * and for a command {@code train|infer BATCH WARMUP WINDOW CHUNK MAX_OTHERS PATIENCE} the answer
 * {@code result\tIMAGES_PER_S\tSTEPS\tBYTES_PER_STEP\tCHUNKS\tDROPPED\tCLEAN_S}. Inference batches are cut on
 * first use of a batch size.
 */
public final class ContestantServer {
    static final String TAG = "kiln-bench\t";

    private ContestantServer() {
    }

    public static void main(String[] args) throws IOException {
        PrintStream out = new PrintStream(new java.io.FileOutputStream(java.io.FileDescriptor.out), true, StandardCharsets.UTF_8);
        BenchNetwork network = BenchNetwork.find(args[0]);
        String key = args[1];
        Contestant c;
        Dataset data;
        Batch[] train;
        Map<Integer, Batch[]> infer = new HashMap<>();
        try {
            data = network.input() == BenchNetwork.Input.FASHION_MNIST ? FashionMnist.train(null) : null;
            c = Contestants.create(key, network.name(), network.maxBatch());
            train = network.trains() && c.trains()
                    ? Workload.batches(network, network.trainingBatch(), Workload.TRAINING_BATCHES, data) : null;
            out.println(TAG + "ready\t" + c.description().replace('\t', ' ').replace('\n', ' '));
        } catch (RuntimeException | LinkageError e) {
            e.printStackTrace();
            out.println(TAG + "error\t" + oneLine(e));
            System.exit(1);
            return;
        }
        BufferedReader in = new BufferedReader(new InputStreamReader(System.in, StandardCharsets.UTF_8));
        String line;
        while ((line = in.readLine()) != null) {
            String[] f = line.trim().split("\\s+");
            if (f[0].equals("quit")) {
                break;
            }
            try {
                int batch = Integer.parseInt(f[1]);
                Throughput.Plan plan = new Throughput.Plan(Double.parseDouble(f[2]), Double.parseDouble(f[3]),
                        Double.parseDouble(f[4]), Double.parseDouble(f[5]), Double.parseDouble(f[6]));
                Throughput.Result r;
                if (f[0].equals("train")) {
                    r = Throughput.training(c, train, plan);
                } else {
                    Dataset images = data;
                    Batch[] batches = infer.computeIfAbsent(batch, b -> Workload.batches(network, b, Workload.INFERENCE_BATCHES, images));
                    r = Throughput.inference(c, batches, plan);
                }
                out.println(TAG + String.format(Locale.ROOT, "result\t%s\t%d\t%s\t%d\t%d\t%s", r.imagesPerSecond(), r.steps(),
                        r.bytesPerStep(), r.chunks(), r.dropped(), r.cleanSeconds()));
            } catch (RuntimeException | LinkageError e) {
                e.printStackTrace();
                out.println(TAG + "error\t" + oneLine(e));
            }
        }
        c.close();
        System.exit(0); // DL4J's, libtorch's and PoCL's native threads must not keep the JVM alive
    }

    static String oneLine(Throwable e) {
        return e.toString().replace('\t', ' ').replace('\n', ' ');
    }
}
