package dev.kiln.runtime.io;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.Arrays;
import java.util.SplittableRandom;

/**
 * Mutations of a file's bytes for the fuzz tests, in the spirit of AFL's havoc stage: bit flips,
 * random and boundary bytes, boundary 32- and 64-bit integers in both byte orders, truncation,
 * deletion, duplication and insertion of ranges. Deterministic for a given random generator.
 */
public final class ByteMutator {
    private static final long[] BOUNDARY = {0, 1, -1, 0x7f, 0x80, 0xff, 0x7fff, 0xffff, Integer.MAX_VALUE,
        Integer.MIN_VALUE, 0xffffffffL, 1L << 31, 1L << 32, Long.MAX_VALUE, Long.MIN_VALUE, 100_000_001L, 1L << 40};

    private ByteMutator() {
    }

    /** One to four stacked mutations of {@code original}; the description goes to {@code log}. */
    public static byte[] mutate(byte[] original, SplittableRandom random, StringBuilder log) {
        byte[] b = original.clone();
        int rounds = 1 + random.nextInt(4);
        for (int r = 0; r < rounds; r++) {
            b = once(b, random, log);
        }
        return b;
    }

    private static byte[] once(byte[] b, SplittableRandom random, StringBuilder log) {
        if (b.length == 0) {
            log.append("insert;");
            return new byte[] {(byte) random.nextInt(256)};
        }
        int at = random.nextInt(b.length);
        switch (random.nextInt(9)) {
            case 0 -> {
                int bit = random.nextInt(8);
                log.append("flip ").append(at).append('.').append(bit).append(';');
                b[at] ^= (byte) (1 << bit);
            }
            case 1 -> {
                log.append("byte ").append(at).append(';');
                b[at] = (byte) random.nextInt(256);
            }
            case 2 -> {
                log.append("boundary byte ").append(at).append(';');
                b[at] = (byte) BOUNDARY[random.nextInt(6)];
            }
            case 3 -> {
                int width = random.nextBoolean() ? 4 : 8;
                if (at + width <= b.length) {
                    ByteOrder order = random.nextBoolean() ? ByteOrder.BIG_ENDIAN : ByteOrder.LITTLE_ENDIAN;
                    long v = BOUNDARY[random.nextInt(BOUNDARY.length)];
                    log.append("int").append(width * 8).append(' ').append(at).append('=').append(v).append(';');
                    ByteBuffer buf = ByteBuffer.wrap(b).order(order);
                    if (width == 4) {
                        buf.putInt(at, (int) v);
                    } else {
                        buf.putLong(at, v);
                    }
                }
            }
            case 4 -> {
                log.append("truncate ").append(at).append(';');
                return Arrays.copyOf(b, at);
            }
            case 5 -> {
                int len = 1 + random.nextInt(Math.min(64, b.length - at));
                log.append("delete ").append(at).append('+').append(len).append(';');
                byte[] out = new byte[b.length - len];
                System.arraycopy(b, 0, out, 0, at);
                System.arraycopy(b, at + len, out, at, b.length - at - len);
                return out;
            }
            case 6 -> {
                int len = 1 + random.nextInt(Math.min(64, b.length - at));
                int to = random.nextInt(b.length + 1);
                log.append("duplicate ").append(at).append('+').append(len).append("@").append(to).append(';');
                return insert(b, to, Arrays.copyOfRange(b, at, at + len));
            }
            case 7 -> {
                byte[] junk = new byte[1 + random.nextInt(16)];
                for (int i = 0; i < junk.length; i++) {
                    junk[i] = (byte) random.nextInt(256);
                }
                log.append("insert ").append(at).append('+').append(junk.length).append(';');
                return insert(b, at, junk);
            }
            default -> {
                log.append("append;");
                return insert(b, b.length, new byte[] {(byte) random.nextInt(256), (byte) random.nextInt(256)});
            }
        }
        return b;
    }

    private static byte[] insert(byte[] b, int at, byte[] what) {
        byte[] out = new byte[b.length + what.length];
        System.arraycopy(b, 0, out, 0, at);
        System.arraycopy(what, 0, out, at, what.length);
        System.arraycopy(b, at, out, at + what.length, b.length - at);
        return out;
    }
}
