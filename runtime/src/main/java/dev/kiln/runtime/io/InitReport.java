package dev.kiln.runtime.io;

import java.util.List;

/**
 * What {@link Checkpoints#initFrom} did, PyTorch's {@code load_state_dict(strict=False)} made
 * visible: every parameter of the network is in exactly one of the first three lists.
 *
 * @param loaded  parameters taken from the file (name after renaming, and shape, matched)
 * @param skipped parameters the file has under the same name but another shape, as
 *                {@code "name: file (a, b), network (c, d)"} (e.g. a new head); left at their initial value
 * @param left    parameters the file does not have; left at their initial value
 * @param unused  tensors of the file no parameter took, as {@code "name (shape)"}
 */
public record InitReport(List<String> loaded, List<String> skipped, List<String> left, List<String> unused) {
    /** Copies the four lists. */
    public InitReport {
        loaded = List.copyOf(loaded);
        skipped = List.copyOf(skipped);
        left = List.copyOf(left);
        unused = List.copyOf(unused);
    }

    /** Four lines for a log: loaded, skipped, left at initial values, unused in the file. */
    public String describe(String file) {
        return "init from " + file + ": loaded " + loaded.size() + " " + loaded + "\n"
                + "  skipped " + skipped.size() + " (shape differs) " + skipped + "\n"
                + "  left at initial values " + left.size() + " " + left + "\n"
                + "  unused in the file " + unused.size() + " " + unused;
    }
}
