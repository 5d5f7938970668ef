package dev.kiln.tool;

import java.util.concurrent.Callable;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * One {@code kiln} verb: a picocli {@code @Command} class whose fields are its options (shared
 * ones come in as mixins: {@link ModelOptions}, {@link BackendOptions}, {@link WeightsOption},
 * {@link DataOption}). To add a verb, subclass this, annotate it with
 * {@code @Command(name = ..., description = ...)} and list it in {@link Kiln#verbs()}.
 */
abstract class Verb implements Callable<Integer> {
    @Spec
    CommandSpec command;

    @Option(names = {"-h", "--help"}, usageHelp = true, description = "show this verb's help")
    boolean help;

    /** Where to print; set by {@link Kiln} before the verb runs. */
    Session session;

    /** The word on the command line, e.g. {@code train}. */
    String name() {
        return command.name();
    }

    @Override
    public final Integer call() throws Exception {
        return run(session);
    }

    /** Runs with the parsed options in this object's fields; returns the exit status. */
    abstract int run(Session session) throws Exception;
}
