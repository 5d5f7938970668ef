package dev.kiln.processor.writer.model;

import com.palantir.javapoet.NameAllocator;
import java.util.Locale;

/**
 * Names for the generated constants. Fixed names ({@code INPUT_SIZE}, {@code TOTAL_PARAMS}...) are
 * reserved first; a layer's constants derive from its name ({@code convOne} gives
 * {@code CONV_ONE_PARAMS}), and any clash gets a suffix from JavaPoet's {@link NameAllocator}.
 */
final class ConstantNames {
    private final NameAllocator allocator = new NameAllocator();

    /** Reserves a fixed name; returns it unchanged unless it clashes. */
    String fixed(String name) {
        return allocator.newName(name);
    }

    /** {@code C1_PARAMS} for layer {@code c1} and suffix {@code PARAMS}. */
    String layer(String layerName, String suffix) {
        return allocator.newName(upperSnake(layerName) + "_" + suffix);
    }

    static String upperSnake(String camel) {
        StringBuilder b = new StringBuilder();
        for (int i = 0; i < camel.length(); i++) {
            char ch = camel.charAt(i);
            if (i > 0 && Character.isUpperCase(ch) && !Character.isUpperCase(camel.charAt(i - 1)) && camel.charAt(i - 1) != '_') {
                b.append('_');
            }
            b.append(ch);
        }
        return b.toString().toUpperCase(Locale.ROOT);
    }
}
