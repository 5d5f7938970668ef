package dev.kiln.runtime.io;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.channels.FileChannel;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.List;
import java.util.Locale;
import java.util.zip.CRC32C;

/**
 * An open safetensors file whose header has been read and validated against the file's length.
 * The payload is read in a second step, straight into arrays the caller chose (so that a
 * checkpoint can be checked against the network in between, before anything is allocated for it),
 * through one channel, so that a concurrent save renaming a new file into place cannot mix two
 * files. The payload's CRC-32C is verified against {@code __metadata__["kiln.crc32c"]} before any
 * caller sees the data. Files written elsewhere have no checksum and load unverified; a file with
 * other {@code kiln.} metadata but no checksum was written by Kiln and altered since, and is refused.
 */
final class SafeTensorsReader implements AutoCloseable {
    static final String CHECKSUM_KEY = "kiln.crc32c";
    private static final int CHUNK = 1 << 16;

    private final Path file;
    private final FileChannel channel;
    private final long payloadStart;
    private final SafeTensorsHeader.Parsed header;

    private SafeTensorsReader(Path file, FileChannel channel, long payloadStart, SafeTensorsHeader.Parsed header) {
        this.file = file;
        this.channel = channel;
        this.payloadStart = payloadStart;
        this.header = header;
    }

    static SafeTensorsReader open(Path file) {
        FileChannel channel;
        try {
            channel = FileChannel.open(file, StandardOpenOption.READ);
        } catch (NoSuchFileException e) {
            throw new CheckpointException(file + ": no such checkpoint file");
        } catch (IOException e) {
            throw new CheckpointException(file + ": cannot open the checkpoint: " + e, e);
        }
        try {
            return readHeader(file, channel);
        } catch (RuntimeException | Error e) {
            closeQuietly(channel);
            throw e;
        }
    }

    private static SafeTensorsReader readHeader(Path file, FileChannel channel) {
        try {
            long fileLength = channel.size();
            if (fileLength < 8) {
                throw new CheckpointException(file + ": " + fileLength + " bytes, shorter than the 8-byte header length"
                        + " every safetensors file starts with (truncated?)");
            }
            ByteBuffer lengthBytes = ByteBuffer.allocate(8).order(ByteOrder.LITTLE_ENDIAN);
            readFully(channel, lengthBytes, 0, file);
            long headerLength = lengthBytes.getLong(0);
            long available = fileLength - 8;
            if (headerLength < 2 || headerLength > available || headerLength > SafeTensorsHeader.MAX_HEADER_BYTES) {
                throw new CheckpointException(file + ": header length " + Long.toUnsignedString(headerLength)
                        + " is outside [2, " + Math.min(available, SafeTensorsHeader.MAX_HEADER_BYTES) + "]: the file has "
                        + fileLength + " bytes and safetensors headers at most " + SafeTensorsHeader.MAX_HEADER_BYTES
                        + " (truncated, or not a safetensors file?)");
            }
            ByteBuffer headerBytes = ByteBuffer.allocate((int) headerLength);
            readFully(channel, headerBytes, 8, file);
            headerBytes.flip();
            String json = StandardCharsets.UTF_8.newDecoder()
                    .onMalformedInput(CodingErrorAction.REPORT)
                    .onUnmappableCharacter(CodingErrorAction.REPORT)
                    .decode(headerBytes).toString();
            long payloadStart = 8 + headerLength;
            SafeTensorsHeader.Parsed parsed = SafeTensorsHeader.parse(json, fileLength - payloadStart, file.toString());
            checksumText(parsed, file);
            return new SafeTensorsReader(file, channel, payloadStart, parsed);
        } catch (CharacterCodingException e) {
            throw new CheckpointException(file + ": the header is not valid UTF-8 (" + e.getMessage() + ")", e);
        } catch (IOException e) {
            throw new CheckpointException(file + ": cannot read the checkpoint: " + e, e);
        }
    }

    SafeTensorsHeader.Parsed header() {
        return header;
    }

    /**
     * Reads every tensor, in payload order, into {@code arrays[i]} from {@code offsets[i]}, where
     * {@code i} indexes {@link SafeTensorsHeader.Parsed#inPayloadOrder()}; then verifies the checksum.
     * On a checksum failure the arrays hold the damaged data: callers read into scratch arrays.
     */
    void readPayload(float[][] arrays, int[] offsets) {
        List<TensorEntry> tensors = header.inPayloadOrder();
        ByteBuffer buffer = ByteBuffer.allocate(CHUNK).order(ByteOrder.LITTLE_ENDIAN);
        CRC32C crc = new CRC32C();
        try {
            long position = payloadStart;
            for (int t = 0; t < tensors.size(); t++) {
                int remaining = tensors.get(t).count();
                int size = tensors.get(t).elementBytes();
                boolean int64 = tensors.get(t).int64();
                int at = offsets[t];
                while (remaining > 0) {
                    int floats = Math.min(remaining, CHUNK / size);
                    buffer.clear().limit(floats * size);
                    readFully(channel, buffer, position, file);
                    crc.update(buffer.array(), 0, floats * size);
                    for (int i = 0; i < floats; i++) {
                        // an I64 counter (num_batches_tracked) is held as a float, exact up to 2^24
                        arrays[t][at + i] = int64 ? (float) buffer.getLong(i * size) : buffer.getFloat(i * size);
                    }
                    position += (long) floats * size;
                    at += floats;
                    remaining -= floats;
                }
            }
        } catch (IOException e) {
            throw new CheckpointException(file + ": cannot read the checkpoint: " + e, e);
        }
        String expected = header.metadata().get(CHECKSUM_KEY);
        if (expected != null && Long.parseLong(expected, 16) != crc.getValue()) {
            throw new CheckpointException(file + ": the payload's CRC-32C is " + hex(crc.getValue()) + " but the header"
                    + " records " + expected.toLowerCase(Locale.ROOT) + ": the tensor data is damaged; use an earlier"
                    + " checkpoint");
        }
    }

    private static void checksumText(SafeTensorsHeader.Parsed parsed, Path file) {
        String value = parsed.metadata().get(CHECKSUM_KEY);
        if (value == null && parsed.metadata().keySet().stream().anyMatch(k -> k.startsWith("kiln."))) {
            throw new CheckpointException(file + ": __metadata__ has Kiln's keys " + parsed.metadata().keySet()
                    + " but no \"" + CHECKSUM_KEY + "\": the header was altered after Kiln wrote it");
        }
        if (value != null && !value.matches("[0-9a-fA-F]{8}")) {
            throw new CheckpointException(file + ": __metadata__ \"" + CHECKSUM_KEY + "\" is \"" + value
                    + "\"; expected 8 hex digits");
        }
    }

    static String hex(long crc) {
        return String.format("%08x", crc);
    }

    private static void readFully(FileChannel channel, ByteBuffer buffer, long position, Path file) throws IOException {
        long at = position;
        while (buffer.hasRemaining()) {
            int n = channel.read(buffer, at);
            if (n < 0) {
                throw new CheckpointException(file + ": the file ends at byte " + at + " while reading; it was truncated"
                        + " while being read");
            }
            at += n;
        }
    }

    @Override
    public void close() {
        closeQuietly(channel);
    }

    private static void closeQuietly(FileChannel channel) {
        try {
            channel.close();
        } catch (IOException ignored) {
            // Read-only: closing cannot lose data, and the caller's own exception matters more.
        }
    }
}
