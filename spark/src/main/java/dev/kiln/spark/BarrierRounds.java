package dev.kiln.spark;

import java.io.IOException;
import java.io.Serializable;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.List;
import org.apache.spark.BarrierTaskContext;
import org.apache.spark.broadcast.Broadcast;
import scala.collection.Iterator;
import scala.jdk.javaapi.CollectionConverters;
import scala.runtime.AbstractFunction1;

/**
 * Many rounds in one Spark job: a barrier stage (all partitions' tasks run at once) in which every
 * task takes its round of local steps, sends its end state to every other task and receives theirs
 * ({@link Peers}), and computes the same average ({@link Averaging#combine}) as the driver would,
 * bit for bit; then the next round starts from it. Partition 0 returns the state after the job's
 * last round; every task returns the rounds' figures. A round that fails the non-finite rule ends
 * the job with the state at its start. If any task fails, Spark reruns the whole stage from the
 * job's broadcast start, and the tasks, being deterministic, compute the same again.
 */
final class BarrierRounds extends AbstractFunction1<Iterator<Shard>, Iterator<Rounds>> implements Serializable {
    private static final long serialVersionUID = 1L;

    private final LocalSteps steps;
    private final Broadcast<ModelState> start;
    private final int from;
    private final int to;
    private final int every;

    /** Rounds of {@code every} steps from step {@code from} to {@code to} (0-based, of the epoch). */
    BarrierRounds(LocalSteps steps, Broadcast<ModelState> start, int from, int to, int every) {
        this.steps = steps;
        this.start = start;
        this.from = from;
        this.to = to;
        this.every = every;
    }

    @Override
    public Iterator<Rounds> apply(Iterator<Shard> shards) {
        Shard shard = shards.next();
        BarrierTaskContext context = BarrierTaskContext.get();
        try (Peers peers = Peers.open(context)) {
            ModelState state = start.value();
            List<Rounds.Round> done = new ArrayList<>();
            Rounds result = null;
            for (int a = from; a < to && result == null; a += every) {
                int b = Math.min(a + every, to);
                Rounds round = Averaging.combine(peers.allGather(steps.run(shard, state, a, b)), state, a, b);
                if (round.divergence() != null) {
                    result = new Rounds(done, state, round.divergence());
                } else {
                    done.addAll(round.rounds());
                    state = round.end();
                }
            }
            if (result == null) {
                result = new Rounds(done, context.partitionId() == 0 ? state : null, null);
            }
            return CollectionConverters.asScala(List.of(result).iterator());
        } catch (IOException e) {
            throw new UncheckedIOException("partition " + context.partitionId() + " lost touch with the other tasks: "
                    + e.getMessage(), e);
        }
    }
}
