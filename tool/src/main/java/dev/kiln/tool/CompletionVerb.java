package dev.kiln.tool;

import picocli.AutoComplete;
import picocli.CommandLine.Command;

/** {@code kiln completion}: a bash (and zsh) completion script for every verb and option, generated from the command tree. */
@Command(name = "completion", description = "print a bash/zsh completion script: source <(./kiln completion)")
final class CompletionVerb extends Verb {
    @Override
    int run(Session session) {
        session.out.print(AutoComplete.bash("kiln", command.parent().commandLine()));
        return 0;
    }
}
