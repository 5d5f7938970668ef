package dev.kiln.spark;

import java.io.Serializable;
import java.util.List;

/**
 * What one Spark job of training rounds did: the figures of each round completed, the state after
 * the last of them (the average every task computed), and, when a round failed the non-finite rule,
 * what stopped it (the state is then that round's start).
 *
 * @param rounds     the rounds completed, in order
 * @param end        the state after them; null in the parts of a job's tasks other than partition 0's
 * @param divergence what stopped the job, null when nothing did
 */
record Rounds(List<Round> rounds, ModelState end, Divergence divergence) implements Serializable {

    /**
     * One completed round.
     *
     * @param to      one past its last step of the epoch (0-based)
     * @param images  images trained on, all partitions
     * @param lossSum the sum of the steps' mean losses, each times its batch
     * @param right   right predictions during the steps
     * @param nanos   the slowest partition's time in its steps
     */
    record Round(int to, long images, double lossSum, long right, long nanos) implements Serializable {
    }

    /**
     * A round discarded by the non-finite rule.
     *
     * @param step       the 1-based step of the epoch: the one whose loss was not finite, or the round's last when its
     *                   average was not finite
     * @param partition  the partition whose loss was not finite, -1 when the average was not
     * @param loss       that loss (NaN for an average)
     * @param notFinite  what of the average was not finite ({@code parameter 18 is NaN}), null for a loss
     * @param roundStart the round's first step of the epoch (0-based): the weights stay those after it
     */
    record Divergence(int step, int partition, double loss, String notFinite, int roundStart) implements Serializable {
    }
}
