package dev.kiln.runtime.io;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The JSON header of a safetensors file, both ways. Parsing checks every field against the
 * payload's length before anything is allocated for the tensors: the dtype (Kiln reads F32), the
 * shape (non-negative dimensions whose product, in exact arithmetic, fits a Java array), the
 * {@code data_offsets} (in range, matching the shape's byte count, and together tiling the payload
 * with no gap and no overlap, as the format requires), and {@code __metadata__} (string to string).
 */
final class SafeTensorsHeader {
    static final String METADATA_KEY = "__metadata__";
    static final String F32 = "F32";
    static final String I64 = "I64";
    /** The safetensors format's own limit on the header's length. */
    static final long MAX_HEADER_BYTES = 100_000_000;
    static final int MAX_RANK = 32;
    private static final long MAX_ELEMENTS = Integer.MAX_VALUE - 8;
    private static final Set<String> KNOWN_DTYPES = Set.of("BOOL", "U8", "I8", "F8_E5M2", "F8_E4M3", "I16", "U16",
            "F16", "BF16", "I32", "U32", "F32", "F64", "I64", "U64");
    private static final Set<String> ENTRY_KEYS = Set.of("dtype", "shape", "data_offsets");

    /** A validated header: tensors in header order and in payload order, and the metadata. */
    record Parsed(Map<String, TensorEntry> byName, List<TensorEntry> inPayloadOrder, Map<String, String> metadata) {
    }

    private SafeTensorsHeader() {
    }

    static Parsed parse(String json, long payloadLength, String file) {
        String what = file + ": header";
        if (!json.startsWith("{")) {
            throw new CheckpointException(what + " does not start with '{'; not a safetensors file?");
        }
        if (!(Json.parse(json, what) instanceof Map<?, ?> top)) {
            throw new CheckpointException(what + " is not a JSON object");
        }
        Map<String, TensorEntry> byName = new LinkedHashMap<>();
        Map<String, String> metadata = new LinkedHashMap<>();
        for (Map.Entry<?, ?> e : top.entrySet()) {
            String name = (String) e.getKey();
            if (name.equals(METADATA_KEY)) {
                metadata = metadata(e.getValue(), what);
            } else {
                byName.put(name, entry(name, e.getValue(), payloadLength, file));
            }
        }
        List<TensorEntry> ordered = new ArrayList<>(byName.values());
        ordered.sort(Comparator.comparingLong(TensorEntry::begin).thenComparingLong(TensorEntry::end));
        long expected = 0;
        for (TensorEntry t : ordered) {
            if (t.begin() != expected) {
                throw new CheckpointException(file + ": tensor \"" + t.name() + "\" starts at payload byte " + t.begin()
                        + " but the tensors before it end at " + expected + "; safetensors tensors must tile the payload"
                        + (t.begin() < expected ? " (they overlap)" : " (there is a gap)"));
            }
            expected = t.end();
        }
        if (expected != payloadLength) {
            throw new CheckpointException(file + ": the tensors cover " + expected + " payload bytes but the file holds "
                    + payloadLength + " after the header (truncated, or bytes appended)");
        }
        return new Parsed(byName, List.copyOf(ordered), metadata);
    }

    private static Map<String, String> metadata(Object value, String what) {
        if (!(value instanceof Map<?, ?> map)) {
            throw new CheckpointException(what + ": __metadata__ is not an object of strings");
        }
        Map<String, String> metadata = new LinkedHashMap<>();
        for (Map.Entry<?, ?> e : map.entrySet()) {
            if (!(e.getValue() instanceof String s)) {
                throw new CheckpointException(what + ": __metadata__ \"" + e.getKey() + "\" is " + e.getValue()
                        + "; safetensors metadata values are strings");
            }
            metadata.put((String) e.getKey(), s);
        }
        return metadata;
    }

    private static TensorEntry entry(String name, Object value, long payloadLength, String file) {
        String what = file + ": tensor \"" + name + "\"";
        if (!(value instanceof Map<?, ?> map) || !map.keySet().equals(ENTRY_KEYS)) {
            throw new CheckpointException(what + ": expected an object with exactly dtype, shape and data_offsets, found "
                    + (value instanceof Map<?, ?> m ? "keys " + m.keySet() : String.valueOf(value)));
        }
        Object dtype = map.get("dtype");
        if (!F32.equals(dtype) && !I64.equals(dtype)) {
            throw new CheckpointException(what + ": dtype " + dtype + (KNOWN_DTYPES.contains(String.valueOf(dtype))
                    ? " is not supported; Kiln reads F32 (convert with tensor.float() before saving) and I64 counters"
                    : " is not a safetensors dtype; expected F32"));
        }
        boolean int64 = I64.equals(dtype);
        int elementBytes = int64 ? Long.BYTES : Float.BYTES;
        int[] shape = shape(map.get("shape"), what);
        long count = 1;
        for (int d : shape) {
            count = Math.multiplyHigh(count, d) != 0 ? Long.MAX_VALUE : count * d;
            if (count > MAX_ELEMENTS) {
                throw new CheckpointException(what + ": shape " + TensorEntry.shapeText(shape)
                        + " has more elements than a Java array holds (" + MAX_ELEMENTS + ")");
            }
        }
        long[] offsets = offsets(map.get("data_offsets"), what);
        long begin = offsets[0];
        long end = offsets[1];
        if (begin > end || end > payloadLength) {
            throw new CheckpointException(what + ": data_offsets [" + begin + ", " + end + "] are not a range inside the "
                    + payloadLength + "-byte payload");
        }
        if (end - begin != count * elementBytes) {
            throw new CheckpointException(what + ": data_offsets [" + begin + ", " + end + "] span " + (end - begin)
                    + " bytes but shape " + TensorEntry.shapeText(shape) + " of " + dtype + " needs " + count * elementBytes);
        }
        return new TensorEntry(name, shape, (int) count, begin, end, int64);
    }

    private static int[] shape(Object value, String what) {
        if (!(value instanceof List<?> list) || list.size() > MAX_RANK) {
            throw new CheckpointException(what + ": shape " + value + " is not a list of at most " + MAX_RANK
                    + " dimensions");
        }
        int[] shape = new int[list.size()];
        for (int i = 0; i < shape.length; i++) {
            Long d = list.get(i) instanceof Json.JsonNumber n ? n.asLong() : null;
            if (d == null || d < 0 || d > Integer.MAX_VALUE) {
                throw new CheckpointException(what + ": shape " + value + ": dimension " + i + " (" + list.get(i)
                        + ") is not an integer in [0, " + Integer.MAX_VALUE + "]");
            }
            shape[i] = (int) (long) d;
        }
        return shape;
    }

    private static long[] offsets(Object value, String what) {
        if (!(value instanceof List<?> list) || list.size() != 2) {
            throw new CheckpointException(what + ": data_offsets " + value + " is not a list [begin, end]");
        }
        long[] offsets = new long[2];
        for (int i = 0; i < 2; i++) {
            Long o = list.get(i) instanceof Json.JsonNumber n ? n.asLong() : null;
            if (o == null || o < 0) {
                throw new CheckpointException(what + ": data_offsets " + value + ": " + list.get(i)
                        + " is not a non-negative integer");
            }
            offsets[i] = o;
        }
        return offsets;
    }

    /**
     * The header for tensors laid out back to back in {@code shapes}' order, with
     * {@code __metadata__} first (as Python's safetensors writes it), padded with spaces so that the
     * payload starts 8-byte aligned.
     */
    static String encode(Map<String, int[]> shapes, Map<String, String> metadata) {
        return encode(shapes, Map.of(), metadata);
    }

    /** As above, with the dtype of each tensor named in {@code dtypes} (F32 for the others). */
    static String encode(Map<String, int[]> shapes, Map<String, String> dtypes, Map<String, String> metadata) {
        StringBuilder out = new StringBuilder("{");
        Json.writeString(out, METADATA_KEY);
        out.append(":{");
        boolean first = true;
        for (Map.Entry<String, String> e : metadata.entrySet()) {
            out.append(first ? "" : ",");
            Json.writeString(out, e.getKey());
            out.append(':');
            Json.writeString(out, e.getValue());
            first = false;
        }
        out.append('}');
        long offset = 0;
        for (Map.Entry<String, int[]> e : shapes.entrySet()) {
            String dtype = dtypes.getOrDefault(e.getKey(), F32);
            long bytes = I64.equals(dtype) ? Long.BYTES : Float.BYTES;
            StringBuilder dims = new StringBuilder();
            for (int d : e.getValue()) {
                bytes = Math.multiplyExact(bytes, d);
                dims.append(dims.length() == 0 ? "" : ",").append(d);
            }
            out.append(',');
            Json.writeString(out, e.getKey());
            out.append(":{\"dtype\":\"").append(dtype).append("\",\"shape\":[").append(dims).append("],\"data_offsets\":[")
                    .append(offset).append(',').append(offset + bytes).append("]}");
            offset += bytes;
        }
        out.append('}');
        return out.toString();
    }
}
