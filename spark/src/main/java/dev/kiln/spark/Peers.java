package dev.kiln.spark;

import dev.kiln.runtime.KilnException;
import java.io.BufferedInputStream;
import java.io.BufferedOutputStream;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.ObjectInputStream;
import java.io.ObjectOutputStream;
import java.io.Serializable;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.apache.spark.BarrierTaskContext;

/**
 * The tasks of one barrier stage talking to each other directly: each opens a server socket,
 * Spark's {@link BarrierTaskContext#allGather} tells every task where the others listen, and every
 * pair of tasks keeps one connection for the stage's life (the lower partition connects, the higher
 * accepts). {@link #allGather} then gives every task
 * every task's object, in partition order.
 *
 * <p>Each peer gets its own writer thread, so no task waits for another to read before it reads
 * itself. Reads wait in slices of {@value #POLL_MILLIS} ms and check whether Spark has killed the
 * task (a peer lost, a job cancelled), which a blocked socket read would not notice; a peer that
 * dies closes its connections, and the task fails, so Spark reruns the whole stage.
 */
final class Peers implements AutoCloseable {
    private static final int POLL_MILLIS = 2000;

    /**
     * What the tasks of a stage share before they can talk: their number, each one's index, a way to
     * exchange one string each (Spark's {@link BarrierTaskContext#allGather}), the host to be reached on,
     * and whether the task has been killed.
     */
    interface Rendezvous {
        int size();

        int me();

        String host();

        String[] allGather(String mine);

        /** Throws when the task has been killed (a peer lost, a job cancelled). */
        void checkKilled();

        /** A barrier task's rendezvous through Spark. */
        static Rendezvous of(BarrierTaskContext context) {
            return new Rendezvous() {
                @Override
                public int size() {
                    return context.getTaskInfos().length;
                }

                @Override
                public int me() {
                    return context.partitionId();
                }

                @Override
                public String host() {
                    return org.apache.spark.SparkEnv.get().blockManager().blockManagerId().host();
                }

                @Override
                public String[] allGather(String mine) {
                    return context.allGather(mine);
                }

                @Override
                public void checkKilled() {
                    context.killTaskIfInterrupted();
                }
            };
        }
    }

    private final Rendezvous context;
    private final int me;
    private final ServerSocket server;
    private final Socket[] sockets;
    private final DataInputStream[] in;
    private final DataOutputStream[] out;
    private final ExecutorService writers;

    private Peers(Rendezvous context, ServerSocket server, Socket[] sockets) throws IOException {
        this.context = context;
        this.me = context.me();
        this.server = server;
        this.sockets = sockets;
        int n = sockets.length;
        this.in = new DataInputStream[n];
        this.out = new DataOutputStream[n];
        for (int q = 0; q < n; q++) {
            if (q != me) {
                in[q] = new DataInputStream(new BufferedInputStream(sockets[q].getInputStream(), 1 << 16));
                out[q] = new DataOutputStream(new BufferedOutputStream(sockets[q].getOutputStream(), 1 << 16));
            }
        }
        this.writers = Executors.newFixedThreadPool(Math.max(1, n - 1), r -> {
            Thread t = new Thread(r, "kiln-peer-writer");
            t.setDaemon(true);
            return t;
        });
    }

    /** Connects this barrier task with all the others of its stage. */
    static Peers open(BarrierTaskContext context) throws IOException {
        return open(Rendezvous.of(context));
    }

    /** Connects this task with all the others (a connection per pair: the lower index connects, the higher accepts). */
    static Peers open(Rendezvous context) throws IOException {
        int n = context.size();
        int me = context.me();
        ServerSocket server = new ServerSocket();
        Socket[] sockets = new Socket[n];
        try {
            server.bind(new InetSocketAddress(0), n);
            server.setSoTimeout(POLL_MILLIS);
            String[] endpoints = context.allGather(context.host() + ":" + server.getLocalPort());
            for (int q = me + 1; q < n; q++) {
                String endpoint = endpoints[q];
                int colon = endpoint.lastIndexOf(':');
                Socket s = new Socket();
                s.connect(new InetSocketAddress(endpoint.substring(0, colon), Integer.parseInt(endpoint.substring(colon + 1))), 60_000);
                s.setTcpNoDelay(true);
                new DataOutputStream(s.getOutputStream()).writeInt(me);
                sockets[q] = s;
            }
            for (int accepted = 0; accepted < me; ) {
                Socket s;
                try {
                    s = server.accept();
                } catch (SocketTimeoutException e) {
                    context.checkKilled();
                    continue;
                }
                s.setTcpNoDelay(true);
                s.setSoTimeout(POLL_MILLIS);
                int q = readInt(context, new DataInputStream(s.getInputStream()));
                if (q < 0 || q >= me || sockets[q] != null) {
                    s.close();
                    throw new KilnException("a connection from an unexpected task (" + q + ") reached partition " + me);
                }
                sockets[q] = s;
                accepted++;
            }
            for (Socket s : sockets) {
                if (s != null) {
                    s.setSoTimeout(POLL_MILLIS);
                }
            }
            return new Peers(context, server, sockets);
        } catch (IOException | RuntimeException e) {
            for (Socket s : sockets) {
                if (s != null) {
                    s.close();
                }
            }
            server.close();
            throw e;
        }
    }

    /** Every task's {@code mine}, indexed by partition (this task's own object at its index, as it is). */
    @SuppressWarnings("unchecked")
    <T extends Serializable> List<T> allGather(T mine) throws IOException {
        byte[] bytes = serialize(mine);
        int n = sockets.length;
        List<Future<?>> sent = new ArrayList<>();
        for (int q = 0; q < n; q++) {
            if (q == me) {
                continue;
            }
            DataOutputStream o = out[q];
            sent.add(writers.submit(() -> {
                o.writeInt(bytes.length);
                o.write(bytes);
                o.flush();
                return null;
            }));
        }
        List<T> all = new ArrayList<>(n);
        for (int q = 0; q < n; q++) {
            if (q == me) {
                all.add(mine);
                continue;
            }
            int length = readInt(context, in[q]);
            byte[] theirs = new byte[length];
            readFully(context, in[q], theirs);
            try (ObjectInputStream ois = new ObjectInputStream(new ByteArrayInputStream(theirs)) {
                @Override
                protected Class<?> resolveClass(java.io.ObjectStreamClass desc) throws IOException, ClassNotFoundException {
                    return Class.forName(desc.getName(), false, Peers.class.getClassLoader());
                }
            }) {
                all.add((T) ois.readObject());
            } catch (ClassNotFoundException e) {
                throw new IOException("partition " + q + " sent an object of an unknown class: " + e.getMessage(), e);
            }
        }
        for (Future<?> f : sent) {
            try {
                f.get();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IOException("interrupted while sending to the other tasks", e);
            } catch (java.util.concurrent.ExecutionException e) {
                throw new IOException("sending to another task failed: " + e.getCause(), e.getCause());
            }
        }
        return all;
    }

    private static byte[] serialize(Serializable o) throws IOException {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (ObjectOutputStream oos = new ObjectOutputStream(bytes)) {
            oos.writeObject(o);
        }
        return bytes.toByteArray();
    }

    private static int readInt(Rendezvous context, DataInputStream in) throws IOException {
        byte[] four = new byte[4];
        readFully(context, in, four);
        return ((four[0] & 0xFF) << 24) | ((four[1] & 0xFF) << 16) | ((four[2] & 0xFF) << 8) | (four[3] & 0xFF);
    }

    /** Reads {@code into} whole, waking every {@value #POLL_MILLIS} ms to stop if Spark has killed the task. */
    private static void readFully(Rendezvous context, DataInputStream in, byte[] into) throws IOException {
        int done = 0;
        while (done < into.length) {
            try {
                int r = in.read(into, done, into.length - done);
                if (r < 0) {
                    throw new IOException("another task of the stage closed its connection (it failed or was lost)");
                }
                done += r;
            } catch (SocketTimeoutException e) {
                context.checkKilled();
            }
        }
    }

    @Override
    public void close() {
        writers.shutdownNow();
        for (Socket s : sockets) {
            if (s != null) {
                try {
                    s.close();
                } catch (IOException ignored) {
                    // closing: nothing left to do
                }
            }
        }
        try {
            server.close();
        } catch (IOException ignored) {
            // closing: nothing left to do
        }
    }
}
