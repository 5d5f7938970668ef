package dev.kiln.tool;

import dev.kiln.runtime.KilnException;
import dev.kiln.runtime.io.OutputFiles;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import picocli.CommandLine.Option;

/**
 * The mixin of every verb that writes a file: {@code --overwrite}. Without it an existing file is
 * never replaced; with it, only a regular file is, and never through a link or over a folder, a
 * device or a pipe. Each refusal is one line naming the option and the file, given before any work
 * is done; the writing itself goes through {@link OutputFiles} (a temporary file renamed over the
 * target in one step, so a failure leaves the old file or nothing). {@code kiln train}'s run
 * directory has its own rules ({@link RunDirectory}).
 */
final class OverwriteOption {
    @Option(names = "--overwrite", description = "replace an existing output file (without it, kiln refuses)")
    boolean overwrite;

    /**
     * Checks, before any work, that the file {@code option} names may be written: it does not exist, or
     * it is a regular file and {@code --overwrite} was given.
     *
     * @throws KilnException in one line saying why not and what to do
     */
    void claim(String option, Path target) {
        OutputFiles.requireWritable(target); // a link, a folder, a device or a pipe: never written
        if (Files.exists(target, LinkOption.NOFOLLOW_LINKS) && !overwrite) {
            throw new KilnException(option + " " + target + " already exists; add --overwrite to replace it, or choose "
                    + "another file");
        }
    }

    /** {@link #claim} for each of the files one option makes. */
    void claimAll(String option, Path... targets) {
        for (Path target : targets) {
            claim(option, target);
        }
    }
}
