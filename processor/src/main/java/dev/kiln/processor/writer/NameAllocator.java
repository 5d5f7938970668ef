package dev.kiln.processor.writer;

import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * Hands out the identifiers of one generated unit (a network's Java pass, or its OpenCL program),
 * as JavaPoet's {@code NameAllocator} does: every identifier derived from a layer name goes through
 * {@link #get}, which returns the suggestion when it is free and legal, else a variant with a
 * numbered suffix, so that no two generated names and no reserved word can ever coincide however
 * the user named the layers. An allocator starts seeded with the target language's reserved and
 * built-in words and with the unit's fixed identifiers ({@link #forJava}, {@link #forOpenCl}).
 *
 * <p>For OpenCL C, whose identifiers are ASCII, a suggestion is first made legal: other characters
 * become {@code _x<hex>}, and a name that would shadow a built-in, a keyword, a template macro or a
 * reserved prefix is prefixed with {@code layer_}. An OpenCL prefix also reserves the kernel and
 * helper names the templates derive from it ({@code PREFIX_forward}, ...), so that one layer's
 * derived names cannot be another's.
 */
public final class NameAllocator {
    /** Java's keywords and literals. */
    public static final List<String> JAVA_RESERVED = List.of("abstract", "assert", "boolean", "break", "byte", "case",
            "catch", "char", "class", "const", "continue", "default", "do", "double", "else", "enum", "extends", "final",
            "finally", "float", "for", "goto", "if", "implements", "import", "instanceof", "int", "interface", "long", "native",
            "new", "package", "private", "protected", "public", "return", "short", "static", "strictfp", "super", "switch",
            "synchronized", "this", "throw", "throws", "transient", "try", "void", "volatile", "while", "true", "false", "null",
            "var", "yield", "record", "sealed", "permits", "_");

    /**
     * OpenCL C keywords, types, qualifiers and the built-in functions a kernel could call (math,
     * common, geometric, relational, integer, work-item, synchronisation, vector load/store,
     * atomics), lower case; OpenCL and C reserve upper-case macros and {@code __} names, refused
     * separately.
     */
    public static final List<String> OPENCL_RESERVED = List.of(
            "auto", "break", "case", "char", "const", "continue", "default", "do", "double", "else", "enum", "extern", "float",
            "for", "goto", "if", "inline", "int", "long", "register", "restrict", "return", "short", "signed", "sizeof",
            "static", "struct", "switch", "typedef", "union", "unsigned", "void", "volatile", "while", "bool", "half", "uchar",
            "ushort", "uint", "ulong", "size_t", "ptrdiff_t", "intptr_t", "uintptr_t", "image2d_t", "image3d_t", "sampler_t",
            "event_t", "global", "local", "constant", "private", "kernel", "read_only", "write_only", "read_write", "uniform",
            "pipe", "complex", "imaginary", "true", "false", "real",
            "acos", "acosh", "acospi", "asin", "asinh", "asinpi", "atan", "atan2", "atanh", "atanpi", "atan2pi", "cbrt", "ceil",
            "copysign", "cos", "cosh", "cospi", "erfc", "erf", "exp", "exp2", "exp10", "expm1", "fabs", "fdim", "floor", "fma",
            "fmax", "fmin", "fmod", "fract", "frexp", "hypot", "ilogb", "ldexp", "lgamma", "lgamma_r", "log", "log2", "log10",
            "log1p", "logb", "mad", "maxmag", "minmag", "modf", "nan", "nextafter", "pow", "pown", "powr", "remainder", "remquo",
            "rint", "rootn", "round", "rsqrt", "sin", "sincos", "sinh", "sinpi", "sqrt", "tan", "tanh", "tanpi", "tgamma",
            "trunc", "half_cos", "half_divide", "half_exp", "half_log", "half_powr", "half_recip", "half_rsqrt", "half_sin",
            "half_sqrt", "half_tan", "native_cos", "native_divide", "native_exp", "native_log", "native_powr", "native_recip",
            "native_rsqrt", "native_sin", "native_sqrt", "native_tan", "abs", "abs_diff", "add_sat", "hadd", "rhadd", "clamp",
            "clz", "mad_hi", "mad_sat", "max", "min", "mul_hi", "rotate", "sub_sat", "upsample", "popcount", "mad24", "mul24",
            "degrees", "mix", "radians", "step", "smoothstep", "sign", "cross", "dot", "distance", "length", "normalize",
            "fast_distance", "fast_length", "fast_normalize", "isequal", "isnotequal", "isgreater", "isgreaterequal", "isless",
            "islessequal", "islessgreater", "isfinite", "isinf", "isnan", "isnormal", "isordered", "isunordered", "signbit",
            "any", "all", "bitselect", "select", "vload", "vstore", "vload_half", "vstore_half", "get_work_dim",
            "get_global_size", "get_global_id", "get_local_size", "get_local_id", "get_num_groups", "get_group_id",
            "get_global_offset", "barrier", "mem_fence", "read_mem_fence", "write_mem_fence", "async_work_group_copy",
            "wait_group_events", "prefetch", "atomic_add", "atomic_sub", "atomic_xchg", "atomic_inc", "atomic_dec",
            "atomic_cmpxchg", "atomic_min", "atomic_max", "atomic_and", "atomic_or", "atomic_xor", "printf", "convert",
            "as_float", "as_int", "as_uint", "infinity", "nan", "main", "defined", "include", "define", "undef", "pragma");

    /** The names each OpenCL layer prefix P reserves: the kernels and helpers the templates define as P + suffix. */
    public static final List<String> OPENCL_DERIVED = List.of("", "_forward", "_backward", "_backward_params",
            "_backward_input", "_act", "_dz", "_partial", "_statistics", "_backward_sums", "_add", "_copy", "_loss", "_output",
            "_sgd", "_adam", "_fold", "_uniform", "_source", "_activate");

    private final boolean openCl;
    private final Set<String> taken = new HashSet<>();
    private final Map<String, String> byKey = new HashMap<>();

    private NameAllocator(boolean openCl, List<String> reserved) {
        this.openCl = openCl;
        taken.addAll(reserved);
    }

    /** An allocator for Java source, seeded with Java's reserved words and the unit's {@code fixed} identifiers. */
    public static NameAllocator forJava(List<String> fixed) {
        NameAllocator a = new NameAllocator(false, JAVA_RESERVED);
        a.taken.addAll(fixed);
        return a;
    }

    /** An allocator for OpenCL C identifiers, seeded with OpenCL's reserved words and the unit's {@code fixed} ones. */
    public static NameAllocator forOpenCl(List<String> fixed) {
        NameAllocator a = new NameAllocator(true, OPENCL_RESERVED);
        a.taken.addAll(fixed);
        return a;
    }

    /** The identifier for {@code key}: allocated from {@code suggestion} the first time, the same one after. */
    public String get(String key, String suggestion) {
        String known = byKey.get(key);
        if (known != null) {
            return known;
        }
        String name = allocate(suggestion);
        byKey.put(key, name);
        return name;
    }

    private String allocate(String suggestion) {
        String base = openCl ? openClSafe(suggestion) : suggestion;
        String name = base;
        for (int n = 2; !free(name); n++) {
            name = base + "_" + n;
        }
        reserve(name);
        return name;
    }

    private boolean free(String name) {
        if (!openCl) {
            return !taken.contains(name);
        }
        for (String suffix : OPENCL_DERIVED) {
            if (taken.contains(name + suffix)) {
                return false;
            }
        }
        return true;
    }

    private void reserve(String name) {
        if (!openCl) {
            taken.add(name);
            return;
        }
        for (String suffix : OPENCL_DERIVED) {
            taken.add(name + suffix);
        }
    }

    /**
     * An ASCII C identifier for {@code name}: letters, digits and underscores kept, anything else as
     * {@code _x<hex code point>}; names that upper-case macros, {@code __}, {@code cl_} or
     * {@code kiln} prefixes or a reserved word could capture get {@code layer_} in front.
     */
    static String openClSafe(String name) {
        StringBuilder b = new StringBuilder();
        name.codePoints().forEach(c -> {
            if (c < 128 && (Character.isLetterOrDigit(c) || c == '_')) {
                b.appendCodePoint(c);
            } else {
                b.append("_x").append(Integer.toHexString(c));
            }
        });
        String s = b.toString();
        boolean risky = s.isEmpty() || Character.isDigit(s.charAt(0)) || s.startsWith("_") || s.equals(s.toUpperCase(Locale.ROOT))
                || s.toLowerCase(Locale.ROOT).startsWith("cl_") || s.toLowerCase(Locale.ROOT).startsWith("kiln")
                || s.toLowerCase(Locale.ROOT).startsWith("layer_") || OPENCL_RESERVED.contains(s)
                || s.startsWith("get_") || s.startsWith("convert_") || s.startsWith("as_") || s.startsWith("atomic_")
                || s.startsWith("native_") || s.startsWith("half_") || s.startsWith("vload") || s.startsWith("vstore");
        return risky ? "layer_" + s : s;
    }
}
