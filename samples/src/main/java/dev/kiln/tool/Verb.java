package dev.kiln.tool;

import java.util.List;

/** One {@code kiln} verb: what it is called, what it accepts, and what it does. */
interface Verb {

    /** The word on the command line, e.g. {@code train}. */
    String name();

    /** One line for {@code kiln --help}. */
    String description();

    /** The synopsis after {@code kiln}, e.g. {@code train SPEC [options]}. */
    String synopsis();

    /** Options beyond the common ones ({@link Session#COMMON}). */
    List<Option> options();

    /** Runs with parsed arguments; returns the exit status. */
    int run(Args args, Session session) throws Exception;
}
