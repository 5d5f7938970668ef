package dev.kiln.tool;

import java.util.Arrays;
import java.util.stream.Collectors;
import picocli.CommandLine.ITypeConverter;
import picocli.CommandLine.TypeConversionException;

/**
 * Typed option values that say what they need: {@link Kiln} prints a failed conversion as
 * {@code --epochs needs a whole number, got 'three'}. Picocli builds converters by their no-argument
 * constructor, hence one small class per kind of value.
 */
final class Converters {
    private Converters() {
    }

    static int wholeNumber(String v) {
        try {
            return Integer.parseInt(v.trim().replace("_", ""));
        } catch (NumberFormatException e) {
            throw new TypeConversionException("needs a whole number, got '" + v + "'");
        }
    }

    static double number(String v) {
        try {
            return Double.parseDouble(v.trim());
        } catch (NumberFormatException e) {
            throw new TypeConversionException("needs a number, got '" + v + "'");
        }
    }

    /** A whole number of at least 1. */
    static final class Positive implements ITypeConverter<Integer> {
        @Override
        public Integer convert(String v) {
            int n = wholeNumber(v);
            if (n < 1) {
                throw new TypeConversionException("must be at least 1, got " + n);
            }
            return n;
        }
    }

    /** A whole number of at least 0. */
    static final class NonNegative implements ITypeConverter<Integer> {
        @Override
        public Integer convert(String v) {
            int n = wholeNumber(v);
            if (n < 0) {
                throw new TypeConversionException("must be at least 0, got " + n);
            }
            return n;
        }
    }

    /** Any whole number that fits in 64 bits, e.g. a seed. */
    static final class AnyLong implements ITypeConverter<Long> {
        @Override
        public Long convert(String v) {
            try {
                return Long.parseLong(v.trim().replace("_", ""));
            } catch (NumberFormatException e) {
                throw new TypeConversionException("needs a whole number, got '" + v + "'");
            }
        }
    }

    /** A positive finite number, e.g. a learning rate. */
    static final class PositiveNumber implements ITypeConverter<Double> {
        @Override
        public Double convert(String v) {
            double d = number(v);
            if (!(d > 0) || !Double.isFinite(d)) {
                throw new TypeConversionException("must be a positive number, got " + v);
            }
            return d;
        }
    }

    /** A finite number of at least 0, e.g. a weight decay. */
    static final class NonNegativeNumber implements ITypeConverter<Double> {
        @Override
        public Double convert(String v) {
            double d = number(v);
            if (!(d >= 0) || !Double.isFinite(d)) {
                throw new TypeConversionException("must be a number of at least 0, got " + v);
            }
            return d;
        }
    }

    /** A fraction in [0, 1), e.g. the share of training images held out for validation. */
    static final class Fraction implements ITypeConverter<Double> {
        @Override
        public Double convert(String v) {
            double d = number(v);
            if (!(d >= 0 && d < 1)) {
                throw new TypeConversionException("must be in [0, 1), got " + v);
            }
            return d;
        }
    }

    /** One constant of an enum, named in any case; the enum's {@code toString} is how help and errors show it. */
    abstract static class Choices<E extends Enum<E>> implements ITypeConverter<E> {
        private final Class<E> type;

        Choices(Class<E> type) {
            this.type = type;
        }

        @Override
        public E convert(String v) {
            for (E e : type.getEnumConstants()) {
                if (e.name().equalsIgnoreCase(v.trim())) {
                    return e;
                }
            }
            throw new TypeConversionException("must be one of " + Arrays.stream(type.getEnumConstants()).map(Object::toString)
                    .collect(Collectors.joining(", ")) + ", got '" + v + "'");
        }
    }
}
