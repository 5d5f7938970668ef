package dev.kiln.runtime.data;

import java.io.BufferedInputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.zip.GZIPInputStream;
import java.util.zip.ZipException;

/**
 * Reads one IDX file of unsigned bytes, raw or gzip-compressed (told apart by the gzip magic
 * {@code 1f 8b}, not by the file name), and checks it completely: the magic's two zero bytes, the
 * dtype {@code 0x08}, the rank, every dimension at least 1, the dimensions' product (exact long
 * arithmetic) against the bytes actually present, and nothing left over. The value array is
 * allocated only once the file is known to hold exactly that many bytes (raw), or could hold them
 * (gzip: deflate compresses at most about 1032:1, so a small file claiming gigabytes is refused
 * before allocating); a short gzip stream is reported as truncated, never padded with zeros.
 *
 * <p>The format (LeCun's MNIST page): bytes 0-1 zero, byte 2 the dtype, byte 3 the rank, then one
 * big-endian int32 per dimension, then the values in row-major order.
 */
final class IdxReader {
    /** Deflate's best case is 258 bytes per 2-bit code, about 1032:1; a little slack for the gzip frame. */
    static final long GZIP_MAX_RATIO = 1032;
    static final long GZIP_SLACK_BYTES = 4096;
    /** The largest rank accepted; MNIST-like files use 1 (labels) and 3 (images). */
    static final int MAX_RANK = 8;
    /** The largest Java array the JVMs we run on allocate. */
    static final long MAX_VALUES = Integer.MAX_VALUE - 8;

    private static final int UNSIGNED_BYTE = 0x08;

    private IdxReader() {
    }

    static IdxArray read(Path file) {
        long fileLength = fileLength(file);
        try (InputStream raw = new BufferedInputStream(Files.newInputStream(file), 1 << 16)) {
            raw.mark(2);
            int b0 = raw.read();
            int b1 = raw.read();
            raw.reset();
            if (b0 == 0x1f && b1 == 0x8b) {
                return readGzip(file, raw, fileLength);
            }
            return parse(file, raw, fileLength, false);
        } catch (IOException e) {
            throw new IdxFormatException(file + ": cannot read the IDX file: " + e, e);
        }
    }

    private static long fileLength(Path file) {
        try {
            return Files.size(file);
        } catch (NoSuchFileException e) {
            throw new IdxFormatException(file + ": no such IDX file");
        } catch (IOException e) {
            throw new IdxFormatException(file + ": cannot read the IDX file: " + e, e);
        }
    }

    private static IdxArray readGzip(Path file, InputStream raw, long fileLength) {
        try {
            return parse(file, new GZIPInputStream(raw, 1 << 16), fileLength, true);
        } catch (ZipException | EOFException e) {
            throw new IdxFormatException(file + ": starts with the gzip magic 1f 8b but does not decompress ("
                    + e.getMessage() + "). Is it really gzip-compressed? A truncated or damaged download fails"
                    + " this way; fetch the file again.", e);
        } catch (IOException e) {
            throw new IdxFormatException(file + ": cannot read the IDX file: " + e, e);
        }
    }

    private static IdxArray parse(Path file, InputStream in, long fileLength, boolean gzip) throws IOException {
        String where = file + (gzip ? " (gunzipped)" : "");
        byte[] magic = new byte[4];
        int got = in.readNBytes(magic, 0, 4);
        if (got < 4) {
            throw new IdxFormatException(where + ": truncated: " + got + " bytes, shorter than the 4-byte IDX magic");
        }
        checkMagic(where, magic, gzip);
        int rank = magic[3] & 0xFF;
        byte[] dimBytes = new byte[4 * rank];
        got = in.readNBytes(dimBytes, 0, dimBytes.length);
        if (got < dimBytes.length) {
            throw new IdxFormatException(where + ": truncated header: rank " + rank + " needs " + dimBytes.length
                    + " bytes of dimensions after the magic but only " + got + " follow");
        }
        int[] dims = new int[rank];
        long count = 1;
        for (int i = 0; i < rank; i++) {
            dims[i] = ((dimBytes[4 * i] & 0xFF) << 24) | ((dimBytes[4 * i + 1] & 0xFF) << 16)
                    | ((dimBytes[4 * i + 2] & 0xFF) << 8) | (dimBytes[4 * i + 3] & 0xFF);
            if (dims[i] < 1) {
                throw new IdxFormatException(where + ": dimension " + i + " is " + dims[i]
                        + "; every IDX dimension must be at least 1");
            }
            count = multiplyOrMax(count, dims[i]);
        }
        long headerBytes = 4L + 4L * rank;
        checkCount(where, dims, count, headerBytes, fileLength, gzip);
        byte[] data = new byte[(int) count];
        got = in.readNBytes(data, 0, data.length);
        if (got < data.length) {
            throw new IdxFormatException(where + ": truncated: dims " + Arrays.toString(dims) + " need " + count
                    + " value bytes but the file ends after " + got);
        }
        if (in.read() != -1) {
            throw new IdxFormatException(where + ": more bytes than dims " + Arrays.toString(dims) + " describe ("
                    + count + " value bytes after the " + headerBytes + "-byte header); the header does not match the data");
        }
        return new IdxArray(dims, data);
    }

    private static void checkMagic(String where, byte[] magic, boolean gzip) {
        if (magic[0] != 0 || magic[1] != 0) {
            String found = String.format("%02x %02x %02x %02x", magic[0], magic[1], magic[2], magic[3]);
            String hint = gzip && (magic[0] & 0xFF) == 0x1f && (magic[1] & 0xFF) == 0x8b
                    ? " It still looks gzip-compressed? It may have been compressed twice; gunzip it once."
                    : " Is it an IDX file (MNIST's train-images-idx3-ubyte and the like)?";
            throw new IdxFormatException(where + ": magic " + found + " is not IDX: an IDX file starts with two zero"
                    + " bytes, the dtype and the rank." + hint);
        }
        int dtype = magic[2] & 0xFF;
        if (dtype != UNSIGNED_BYTE) {
            throw new IdxFormatException(where + ": dtype 0x" + String.format("%02x", dtype) + " (" + dtypeName(dtype)
                    + ") is not supported; Kiln reads 0x08 (unsigned byte) images and labels");
        }
        int rank = magic[3] & 0xFF;
        if (rank < 1 || rank > MAX_RANK) {
            throw new IdxFormatException(where + ": rank " + rank + " is outside [1, " + MAX_RANK + "]");
        }
    }

    private static void checkCount(String where, int[] dims, long count, long headerBytes, long fileLength,
                                   boolean gzip) {
        String claim = "dims " + Arrays.toString(dims) + " claim " + (count == Long.MAX_VALUE ? "more than 2^63" : count)
                + " values";
        if (!gzip) {
            long present = fileLength - headerBytes;
            if (count > present) {
                throw new IdxFormatException(where + ": truncated: " + claim + " but only " + present
                        + " bytes follow the " + headerBytes + "-byte header");
            }
            if (count < present) {
                throw new IdxFormatException(where + ": " + claim + " but " + present + " bytes follow the "
                        + headerBytes + "-byte header; the header does not match the data");
            }
        } else if (count > fileLength * GZIP_MAX_RATIO + GZIP_SLACK_BYTES) {
            throw new IdxFormatException(where + ": " + claim + " but a gzip file of " + fileLength
                    + " bytes decompresses to at most about " + fileLength * GZIP_MAX_RATIO
                    + "; the header is damaged or the file truncated");
        }
        if (count > MAX_VALUES) {
            throw new IdxFormatException(where + ": " + claim + ", more than a Java array holds (" + MAX_VALUES + ")");
        }
    }

    private static long multiplyOrMax(long a, long b) {
        long high = Math.multiplyHigh(a, b);
        long product = a * b;
        return high != 0 || product < 0 ? Long.MAX_VALUE : product;
    }

    private static String dtypeName(int dtype) {
        return switch (dtype) {
            case 0x09 -> "signed byte";
            case 0x0B -> "short";
            case 0x0C -> "int";
            case 0x0D -> "float";
            case 0x0E -> "double";
            default -> "not an IDX dtype";
        };
    }
}
