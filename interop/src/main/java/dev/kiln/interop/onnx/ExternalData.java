package dev.kiln.interop.onnx;

import dev.kiln.interop.InteropException;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.HashMap;
import java.util.Map;
import onnx.Onnx.StringStringEntryProto;
import onnx.Onnx.TensorProto;

/**
 * Tensors whose values live in files beside the model ({@code data_location: EXTERNAL}), as PyTorch's
 * exporter writes them by default ({@code m.onnx.data}): {@code location} is relative to the model's
 * folder and must stay inside it; {@code offset} and {@code length} are checked against the file
 * before a byte is read.
 */
final class ExternalData {
    /** No folder: a model given as bytes, whose external data cannot be found. */
    static final ExternalData NONE = new ExternalData(null);

    private final Path folder;
    private final Map<Path, ByteBuffer> files = new HashMap<>();

    ExternalData(Path folder) {
        this.folder = folder == null ? null : folder.toAbsolutePath().normalize();
    }

    static boolean isExternal(TensorProto t) {
        return t.getDataLocation() == TensorProto.DataLocation.EXTERNAL || t.getExternalDataCount() > 0;
    }

    /** The tensor's {@code bytes} bytes, little-endian, from its external file. */
    ByteBuffer read(TensorProto t, long bytes, String where) {
        String location = null;
        long offset = 0;
        long length = -1;
        for (StringStringEntryProto e : t.getExternalDataList()) {
            switch (e.getKey()) {
                case "location" -> location = e.getValue();
                case "offset" -> offset = number(e.getValue(), "offset", t, where);
                case "length" -> length = number(e.getValue(), "length", t, where);
                default -> {
                    // checksum and others: not needed to read the values
                }
            }
        }
        if (location == null || location.isEmpty()) {
            throw new InteropException(where + ": tensor " + t.getName() + " is external but names no file (location)");
        }
        if (folder == null) {
            throw new InteropException(where + ": tensor " + t.getName() + " keeps its values in " + location
                    + ", which can only be found beside the model file");
        }
        Path file = folder.resolve(location).normalize();
        if (Path.of(location).isAbsolute() || !file.startsWith(folder) || file.equals(folder)) {
            throw new InteropException(where + ": tensor " + t.getName() + " names external data " + location
                    + " outside the model's folder; ONNX external data is a path relative to the model file, inside its folder");
        }
        if (length >= 0 && length != bytes) {
            throw new InteropException(where + ": tensor " + t.getName() + " needs " + bytes + " bytes but its external "
                    + "data says length " + length);
        }
        ByteBuffer data = map(file, where, t);
        if (offset < 0 || offset > data.capacity() || data.capacity() - offset < bytes) {
            throw new InteropException(where + ": tensor " + t.getName() + " reads " + bytes + " bytes at offset " + offset
                    + " of " + location + ", which holds " + data.capacity());
        }
        return data.duplicate().position((int) offset).limit((int) (offset + bytes)).slice().order(ByteOrder.LITTLE_ENDIAN);
    }

    private ByteBuffer map(Path file, String where, TensorProto t) {
        ByteBuffer cached = files.get(file);
        if (cached != null) {
            return cached;
        }
        if (!Files.isRegularFile(file, LinkOption.NOFOLLOW_LINKS) && !Files.isRegularFile(file)) {
            throw new InteropException(where + ": tensor " + t.getName() + " keeps its values in " + file
                    + ", which does not exist; copy it beside the model file (PyTorch writes it next to the .onnx)");
        }
        try (FileChannel ch = FileChannel.open(file, StandardOpenOption.READ)) {
            if (ch.size() >= Integer.MAX_VALUE) {
                throw new InteropException(file + " is " + ch.size() + " bytes; Kiln reads external data files under 2 GiB");
            }
            ByteBuffer b = ch.map(FileChannel.MapMode.READ_ONLY, 0, ch.size());
            files.put(file, b);
            return b;
        } catch (IOException e) {
            throw new InteropException("cannot read " + file + ": " + e, e);
        }
    }

    private static long number(String text, String key, TensorProto t, String where) {
        try {
            return Long.parseLong(text.strip());
        } catch (NumberFormatException e) {
            throw new InteropException(where + ": tensor " + t.getName() + " has external data " + key + " '" + text
                    + "', not a number");
        }
    }
}
