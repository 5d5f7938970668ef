package dev.kiln.tool;

import dev.kiln.runtime.KilnException;
import java.io.PrintStream;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * {@code kiln VERB [SPEC] [options]}: the command-line tool over Kiln's runtime. Exit status 0 on
 * success, 1 when the work fails (a missing file, a bad checkpoint, a diverged run), 2 for a
 * command line it cannot run.
 */
public final class Kiln {
    static final List<Verb> VERBS = List.of(new SummaryVerb(), new TrainVerb(), new EvalVerb(), new PredictVerb(),
            new FeatureMapsVerb(), new FiltersVerb(), new KernelsVerb(), new DevicesVerb(), new MakeCellsVerb());

    private Kiln() {
    }

    public static void main(String[] args) {
        int status = run(args, System.out, System.err);
        System.out.flush();
        // a backend's worker threads must not keep the JVM alive once the verb is done
        System.exit(status);
    }

    /** Runs one command line, printing to {@code out} and {@code err}; returns the exit status. */
    public static int run(String[] words, PrintStream out, PrintStream err) {
        if (words.length == 0 || words[0].equals("--help") || words[0].equals("-h") || words[0].equals("help")) {
            out.print(overview());
            return words.length == 0 ? 2 : 0;
        }
        Verb verb = VERBS.stream().filter(v -> v.name().equals(words[0])).findFirst().orElse(null);
        if (verb == null) {
            err.println("kiln: unknown verb '" + words[0] + "'");
            err.print(overview());
            return 2;
        }
        List<Option> options = new ArrayList<>(verb.options());
        options.addAll(Session.COMMON);
        try {
            Args args = Args.parse(verb.name(), options, Arrays.copyOfRange(words, 1, words.length));
            if (args.flag("help")) {
                out.print(help(verb));
                return 0;
            }
            args.choice("backend", "auto", Session.BACKENDS);
            args.integer("device", -1, 0);
            return verb.run(args, new Session(args, out, err));
        } catch (UsageException e) {
            err.println("kiln " + verb.name() + ": " + e.getMessage());
            return 2;
        } catch (KilnException | IllegalArgumentException e) {
            out.flush();
            err.println("kiln " + verb.name() + ": " + e.getMessage());
            return 1;
        } catch (Exception e) {
            out.flush();
            err.println("kiln " + verb.name() + ": " + e);
            e.printStackTrace(err);
            return 1;
        }
    }

    static String overview() {
        StringBuilder s = new StringBuilder("usage: kiln VERB [SPEC] [options]   (kiln VERB --help for a verb's options)\n\n");
        for (Verb v : VERBS) {
            s.append(String.format("  %-12s %s%n", v.name(), v.description()));
        }
        s.append("\nSPEC is a @Network class by simple or qualified name: the samples LeNet5, FashionCnn, EdgeDetector,\n")
                .append("FootwearClassifier, ColourShapes, MalariaCnn, or your own with --classpath.\n");
        return s.toString();
    }

    static String help(Verb v) {
        StringBuilder s = new StringBuilder("usage: kiln ").append(v.synopsis()).append("\n\n")
                .append(v.description()).append("\n\noptions:\n");
        List<Option> all = new ArrayList<>(v.options());
        all.addAll(Session.COMMON);
        for (Option o : all) {
            s.append(String.format("  %-26s %s%n", o.synopsis(), o.help()));
        }
        return s.toString();
    }
}
