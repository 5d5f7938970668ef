package dev.kiln.spark;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CyclicBarrier;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.Test;

/**
 * The all-to-all exchange of barrier tasks, with four tasks as threads of this JVM (a local Spark
 * runs at most as many as it has cores): every task gets every task's object in index order, round
 * after round, including objects larger than a socket's buffers; and a task whose peer is gone fails
 * instead of waiting forever.
 */
class PeersTest {
    /** The tasks' shared part: the strings exchanged before the sockets exist. */
    private static final class Table {
        final int size;
        final String[] strings;
        final CyclicBarrier barrier;

        Table(int size) {
            this.size = size;
            this.strings = new String[size];
            this.barrier = new CyclicBarrier(size);
        }

        Peers.Rendezvous task(int me) {
            return new Peers.Rendezvous() {
                @Override
                public int size() {
                    return size;
                }

                @Override
                public int me() {
                    return me;
                }

                @Override
                public String host() {
                    return "127.0.0.1";
                }

                @Override
                public String[] allGather(String mine) {
                    try {
                        strings[me] = mine;
                        barrier.await();
                        String[] all = strings.clone();
                        barrier.await();
                        return all;
                    } catch (Exception e) {
                        throw new IllegalStateException(e);
                    }
                }

                @Override
                public void checkKilled() {
                }
            };
        }
    }

    @Test
    void everyTaskGetsEveryTasksObjectInOrderRoundAfterRound() throws Exception {
        int n = 4;
        Table table = new Table(n);
        ExecutorService pool = Executors.newFixedThreadPool(n);
        try {
            List<Future<List<List<float[]>>>> results = new ArrayList<>();
            for (int t = 0; t < n; t++) {
                int me = t;
                results.add(pool.submit(() -> {
                    try (Peers peers = Peers.open(table.task(me))) {
                        List<List<float[]>> rounds = new ArrayList<>();
                        for (int round = 0; round < 3; round++) {
                            float[] mine = new float[300_000]; // 1.2 MB, more than a socket buffer holds
                            java.util.Arrays.fill(mine, me * 10 + round);
                            rounds.add(peers.allGather(mine));
                        }
                        return rounds;
                    }
                }));
            }
            for (int t = 0; t < n; t++) {
                List<List<float[]>> rounds = results.get(t).get();
                for (int round = 0; round < 3; round++) {
                    List<float[]> got = rounds.get(round);
                    assertEquals(n, got.size());
                    for (int q = 0; q < n; q++) {
                        assertEquals(q * 10 + round, got.get(q)[299_999], "task " + t + ", round " + round + ", from " + q);
                    }
                }
            }
        } finally {
            pool.shutdownNow();
        }
    }

    @Test
    void aTaskWhosePeerIsGoneFails() throws Exception {
        Table table = new Table(2);
        ExecutorService pool = Executors.newFixedThreadPool(2);
        try {
            Future<?> quitter = pool.submit(() -> {
                Peers.open(table.task(1)).close();
                return null;
            });
            Future<?> stayer = pool.submit(() -> {
                try (Peers peers = Peers.open(table.task(0))) {
                    quitter.get();
                    return peers.allGather(new float[10]);
                }
            });
            ExecutionException e = assertThrows(ExecutionException.class, stayer::get);
            assertTrue(e.getCause() instanceof IOException, String.valueOf(e.getCause()));
        } finally {
            pool.shutdownNow();
        }
    }
}
