package dev.kiln.tool;

import dev.kiln.runtime.KilnException;
import dev.kiln.runtime.NearestName;
import dev.kiln.runtime.io.OutputFiles;
import java.io.PrintStream;
import java.io.PrintWriter;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.Callable;
import java.util.regex.Pattern;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.MissingParameterException;
import picocli.CommandLine.Model.ArgSpec;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Model.OptionSpec;
import picocli.CommandLine.OverwrittenOptionException;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.TypeConversionException;
import picocli.CommandLine.UnmatchedArgumentException;
import picocli.CommandLine;

/**
 * {@code kiln VERB [SPEC] [options]}: the command-line tool over Kiln's runtime, parsed by picocli
 * (typed options, generated help, {@code @FILE} arguments, {@code kiln completion} for bash). Exit
 * status 0 on success, 1 when the work fails (a missing file, a bad checkpoint, a diverged run), 2
 * for a command line it cannot run.
 */
public final class Kiln {
    private static final int USAGE_WIDTH = 100;
    /** A negative number is an option's value, not an option. */
    private static final Pattern NUMBER = Pattern.compile("-[0-9.].*");

    private Kiln() {
    }

    /** One new instance of every verb, in the order {@code kiln --help} lists them. Add new verbs here. */
    static List<Verb> verbs() {
        return List.of(new SummaryVerb(), new TrainVerb(), new EvalVerb(), new PredictVerb(), new FeatureMapsVerb(),
                new FiltersVerb(), new KernelsVerb(), new DevicesVerb(), new MakeCellsVerb(), new ExportVerb(), new ImportVerb(),
                new InferVerb(), new CompileVerb(),
                new SparkEvalVerb(), new SparkPredictVerb(), new SparkTrainVerb(), new CompletionVerb());
    }

    /** The verbs' names, in order. */
    static List<String> verbNames() {
        return commandLine(new Session(System.out, System.err)).getSubcommands().keySet().stream().toList();
    }

    public static void main(String[] args) {
        int status = run(args, System.out, System.err);
        System.out.flush();
        // a backend's worker threads must not keep the JVM alive once the verb is done
        System.exit(status);
    }

    /** Runs one command line, printing to {@code out} and {@code err}; returns the exit status. */
    public static int run(String[] words, PrintStream out, PrintStream err) {
        Session session = new Session(out, err);
        CommandLine kiln = commandLine(session);
        if (words.length == 0 || words[0].equals("--help") || words[0].equals("-h") || words[0].equals("help")) {
            out.print(overview(kiln));
            return words.length == 0 ? 2 : 0;
        }
        kiln.setParameterExceptionHandler((e, args) -> {
            CommandLine where = e.getCommandLine();
            if (where == kiln) {
                String word = e instanceof UnmatchedArgumentException u && !u.getUnmatched().isEmpty()
                        ? u.getUnmatched().get(0) : words[0];
                err.println("kiln: unknown verb '" + word + "'" + NearestName.of(word, kiln.getSubcommands().keySet())
                        .map(v -> "; did you mean '" + v + "'?").orElse(""));
                err.print(overview(kiln));
            } else {
                err.println("kiln " + where.getCommandName() + ": " + usageProblem(e, args));
            }
            return 2;
        });
        kiln.setExecutionExceptionHandler((e, where, parsed) -> {
            out.flush();
            String verb = "kiln " + where.getCommandName() + ": ";
            if (e instanceof UsageException) {
                err.println(verb + e.getMessage());
                return 2;
            }
            if (e instanceof KilnException || e instanceof IllegalArgumentException) {
                err.println(verb + e.getMessage());
                return 1;
            }
            if (e instanceof java.io.IOException io) {
                err.println(verb + OutputFiles.reason(io) + (io instanceof java.nio.file.FileSystemException f
                        && f.getFile() != null && !OutputFiles.reason(io).contains(f.getFile())
                        ? ": " + f.getFile() : ""));
                return 1;
            }
            if (e instanceof java.io.UncheckedIOException u) {
                err.println(verb + u.getMessage() + ": " + OutputFiles.reason(u.getCause()));
                return 1;
            }
            err.println(verb + e);
            e.printStackTrace(err);
            return 1;
        });
        return kiln.execute(words);
    }

    /** The whole command tree, printing to the session's streams. */
    static CommandLine commandLine(Session session) {
        CommandLine kiln = new CommandLine(new Root());
        for (Verb v : verbs()) {
            v.session = session;
            kiln.addSubcommand(v);
        }
        kiln.setOut(new PrintWriter(session.out, true));
        kiln.setErr(new PrintWriter(session.err, true));
        kiln.setUsageHelpWidth(USAGE_WIDTH);
        for (CommandLine verb : kiln.getSubcommands().values()) {
            verb.getCommandSpec().usageMessage().synopsisHeading("usage: ").abbreviateSynopsis(true)
                    .descriptionHeading("%n").parameterListHeading("%n").optionListHeading("%noptions:%n")
                    .sortOptions(false).width(USAGE_WIDTH).autoWidth(false);
            verb.getCommandSpec().qualifiedName("kiln " + verb.getCommandName());
        }
        return kiln;
    }

    /**
     * One line for a command line the verb cannot run, saying what it needs. An option the verb does not
     * have is named first, with the nearest one it has (a mistyped {@code --weigths W} is the problem,
     * not the {@code --weights} it leaves missing).
     */
    static String usageProblem(ParameterException e, String[] args) {
        CommandLine where = e.getCommandLine();
        String verb = "kiln " + where.getCommandName();
        CommandSpec spec = where.getCommandSpec();
        String unknown = unknownOption(spec, args);
        if (unknown != null) {
            return "no option " + unknown + NearestName.of(unknown, optionNames(spec)).map(o -> "; did you mean " + o + "?")
                    .orElse("") + " (" + verb + " --help lists its options)";
        }
        if (e.getCause() instanceof TypeConversionException t && e.getArgSpec() instanceof OptionSpec o) {
            return o.longestName() + " " + t.getMessage();
        }
        if (e instanceof UnmatchedArgumentException u && !u.getUnmatched().isEmpty()) {
            String first = u.getUnmatched().get(0);
            if (spec.positionalParameters().isEmpty()) {
                return verb + " takes no spec, got " + u.getUnmatched();
            }
            return verb + " takes one spec name, and " + u.getUnmatched() + " is more; see " + verb + " --help";
        }
        if (e instanceof OverwrittenOptionException o && o.getOverwritten() instanceof OptionSpec option) {
            return option.longestName() + " is given twice";
        }
        if (e instanceof MissingParameterException m && !m.getMissing().isEmpty()) {
            ArgSpec missing = m.getMissing().get(0);
            if (missing instanceof OptionSpec option) {
                String synopsis = option.longestName() + " " + option.paramLabel();
                return e.getMessage().startsWith("Missing required option")
                        ? verb + " needs " + synopsis + ": " + String.join(" ", option.description())
                        : option.longestName() + " needs a value: " + synopsis;
            }
            return verb + " takes one spec name, none was given; see " + verb + " --help";
        }
        return e.getMessage();
    }

    /** The first word after the verb that looks like an option the verb does not have, or null. */
    static String unknownOption(CommandSpec spec, String[] args) {
        Set<String> known = optionNames(spec);
        for (int i = 1; i < args.length; i++) {
            String word = args[i];
            if (word.equals("--")) {
                return null;
            }
            if (word.length() < 2 || word.charAt(0) != '-' || NUMBER.matcher(word).matches()) {
                continue;
            }
            int eq = word.indexOf('=');
            String name = eq > 0 ? word.substring(0, eq) : word;
            if (!known.contains(name)) {
                return name;
            }
        }
        return null;
    }

    /** Every name of every option of the verb, negated forms ({@code --no-nesterov}) included. */
    static Set<String> optionNames(CommandSpec spec) {
        Set<String> names = new TreeSet<>(spec.optionsMap().keySet());
        names.addAll(spec.negatedOptionsMap().keySet());
        return names;
    }

    static String overview(CommandLine kiln) {
        StringBuilder s = new StringBuilder("usage: kiln VERB [SPEC] [options]   (kiln VERB --help for a verb's options)\n\n");
        for (Map.Entry<String, CommandLine> v : kiln.getSubcommands().entrySet()) {
            String[] description = v.getValue().getCommandSpec().usageMessage().description();
            s.append(String.format("  %-12s %s%n", v.getKey(), description.length > 0 ? description[0] : ""));
        }
        s.append("\nSPEC is a @Network class by simple or qualified name: the samples LeNet5, FashionCnn, EdgeDetector,\n")
                .append("FootwearClassifier, ColourShapes, MalariaCnn, AugmentedMalariaCnn, LeNet5FiveClasses, or your own with --classpath. Arguments may come from a file: @FILE.\n");
        return s.toString();
    }

    /** {@code kiln} without a verb: the overview, exit status 2. */
    @Command(name = "kiln")
    static final class Root implements Callable<Integer> {
        @Override
        public Integer call() {
            return 2;
        }
    }
}
