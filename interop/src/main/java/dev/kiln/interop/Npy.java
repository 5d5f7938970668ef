package dev.kiln.interop;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * NumPy's {@code .npy} format (versions 1.0 to 3.0) for float32 arrays in C order, as
 * {@code numpy.save} writes them: the magic {@code \x93NUMPY}, a version, a little-endian header length,
 * a Python dict literal {@code {'descr': '<f4', 'fortran_order': False, 'shape': (2, 10), }} padded
 * to a multiple of 64 bytes, then the values. Anything else (another dtype, Fortran order, a header
 * that is not such a dict, a file shorter than its shape) is refused with one line saying what it is.
 */
public final class Npy {
    private static final byte[] MAGIC = {(byte) 0x93, 'N', 'U', 'M', 'P', 'Y'};
    private static final Pattern DESCR = Pattern.compile("'descr'\\s*:\\s*'([^']*)'");
    private static final Pattern FORTRAN = Pattern.compile("'fortran_order'\\s*:\\s*(True|False)");
    private static final Pattern SHAPE = Pattern.compile("'shape'\\s*:\\s*\\(([^)]*)\\)");
    /** Larger headers are not NumPy's (it writes a few dozen bytes). */
    private static final int MAX_HEADER = 1 << 16;

    private Npy() {
    }

    /** A float32 array: its shape and its values in C order. */
    public record Array(long[] shape, float[] values) {
        public Array {
            long n = 1;
            for (long d : shape) {
                n *= d;
            }
            if (n != values.length) {
                throw new IllegalArgumentException("shape " + Arrays.toString(shape) + " holds " + n + " values, not " + values.length);
            }
        }

        /** The shape as NumPy prints it: (2, 3, 32, 32). */
        public String shapeText() {
            StringBuilder s = new StringBuilder("(");
            for (int i = 0; i < shape.length; i++) {
                s.append(i == 0 ? "" : ", ").append(shape[i]);
            }
            return s.append(shape.length == 1 ? ",)" : ")").toString();
        }
    }

    /** Reads a float32 array; {@code what} names the file in messages (e.g. {@code --input x.npy}). */
    public static Array read(Path file, String what) {
        byte[] bytes;
        try {
            bytes = Files.readAllBytes(file);
        } catch (IOException e) {
            throw new InteropException(what + ": cannot read it: " + e.getMessage(), e);
        }
        return parse(bytes, what);
    }

    public static Array parse(byte[] bytes, String what) {
        if (bytes.length < 10 || !Arrays.equals(Arrays.copyOf(bytes, 6), MAGIC)) {
            throw new InteropException(what + " is not a NumPy .npy file (it does not start with \\x93NUMPY); save the "
                    + "array with numpy.save");
        }
        int major = bytes[6];
        ByteBuffer b = ByteBuffer.wrap(bytes).order(ByteOrder.LITTLE_ENDIAN);
        long headerLength;
        int start;
        if (major == 1) {
            headerLength = b.getShort(8) & 0xffff;
            start = 10;
        } else if (major == 2 || major == 3) {
            if (bytes.length < 12) {
                throw new InteropException(what + " is a truncated .npy file");
            }
            headerLength = b.getInt(8) & 0xffffffffL;
            start = 12;
        } else {
            throw new InteropException(what + " is .npy format version " + major + "; Kiln reads versions 1 to 3");
        }
        if (headerLength > MAX_HEADER || start + headerLength > bytes.length) {
            throw new InteropException(what + " is a damaged .npy file: its header claims " + headerLength + " bytes");
        }
        String header = new String(bytes, start, (int) headerLength,
                major == 3 ? StandardCharsets.UTF_8 : StandardCharsets.ISO_8859_1);
        Matcher descr = DESCR.matcher(header);
        Matcher fortran = FORTRAN.matcher(header);
        Matcher shape = SHAPE.matcher(header);
        if (!descr.find() || !fortran.find() || !shape.find()) {
            throw new InteropException(what + " is a damaged .npy file: its header is not NumPy's (" + header.strip() + ")");
        }
        String type = descr.group(1);
        if (!type.equals("<f4") && !type.equals("=f4") && !(type.equals("|f4"))) {
            throw new InteropException(what + " holds " + dtypeName(type) + " values; Kiln reads float32 arrays: save it "
                    + "with x.astype(numpy.float32)");
        }
        if (fortran.group(1).equals("True")) {
            throw new InteropException(what + " is in Fortran order; save it in C order (numpy.ascontiguousarray)");
        }
        List<Long> dims = new ArrayList<>();
        for (String part : shape.group(1).split(",")) {
            if (!part.isBlank()) {
                try {
                    long d = Long.parseLong(part.strip().replace("L", ""));
                    if (d < 0) {
                        throw new NumberFormatException();
                    }
                    dims.add(d);
                } catch (NumberFormatException e) {
                    throw new InteropException(what + " is a damaged .npy file: shape (" + shape.group(1) + ")");
                }
            }
        }
        long count = 1;
        for (long d : dims) {
            if (d != 0 && count > Integer.MAX_VALUE / d) {
                throw new InteropException(what + " holds an array of shape " + dims + ", over 2^31 values");
            }
            count *= d;
        }
        long data = start + headerLength;
        if (bytes.length - data != count * Float.BYTES) {
            throw new InteropException(what + " is a damaged .npy file: shape " + dims + " needs " + count * Float.BYTES
                    + " bytes of values, the file holds " + (bytes.length - data));
        }
        float[] values = new float[(int) count];
        b.position((int) data);
        b.asFloatBuffer().get(values);
        return new Array(dims.stream().mapToLong(Long::longValue).toArray(), values);
    }

    private static String dtypeName(String descr) {
        return switch (descr.replaceAll("^[<>=|]", "")) {
            case "f8" -> "float64";
            case "f2" -> "float16";
            case "i8" -> "int64";
            case "i4" -> "int32";
            case "u1" -> "uint8";
            case "b1" -> "bool";
            default -> "'" + descr + "'";
        };
    }

    /** The bytes of a version 1.0 .npy file holding {@code array}, as numpy.save writes it. */
    public static byte[] bytes(Array array) {
        StringBuilder shape = new StringBuilder();
        for (long d : array.shape()) {
            shape.append(d).append(", ");
        }
        String dims = array.shape().length == 1 ? shape.toString().strip() : shape.toString().replaceAll(", $", "");
        StringBuilder header = new StringBuilder("{'descr': '<f4', 'fortran_order': False, 'shape': (" + dims + "), }");
        // magic (6) + version (2) + length (2) + header + '\n', to a multiple of 64
        int total = 10 + header.length() + 1;
        header.append(" ".repeat((64 - total % 64) % 64)).append('\n');
        ByteBuffer b = ByteBuffer.allocate(10 + header.length() + array.values().length * Float.BYTES).order(ByteOrder.LITTLE_ENDIAN);
        b.put(MAGIC).put((byte) 1).put((byte) 0).putShort((short) header.length());
        b.put(header.toString().getBytes(StandardCharsets.ISO_8859_1));
        b.asFloatBuffer().put(array.values());
        return b.array();
    }
}
