package dev.kiln.spec;

import dev.kiln.dsl.Init;
import java.util.Arrays;

/**
 * One named parameter tensor, as PyTorch names it ({@code c1.weight}, {@code c1.bias}), and where it
 * lives in the network's flat parameter array.
 *
 * @param name       {@code layer.weight} or {@code layer.bias}
 * @param layerIndex index of the owning layer in {@link NetworkSpec#layers()}
 * @param shape      PyTorch layout: (out, in, kh, kw), (out, in) or (out)
 * @param offset     first element in the flat parameter array
 * @param init       the resolved initialiser
 * @param fanIn      the owning layer's fan-in
 * @param fanOut     the owning layer's fan-out
 */
public record ParamSpec(String name, int layerIndex, int[] shape, int offset, Init init, long fanIn, long fanOut) {

    public ParamSpec {
        shape = shape.clone();
    }

    @Override
    public int[] shape() {
        return shape.clone();
    }

    public int size() {
        long n = 1;
        for (int d : shape) {
            n = Math.multiplyExact(n, d);
        }
        return Math.toIntExact(n);
    }

    public boolean isBias() {
        return name.endsWith(".bias");
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof ParamSpec p && p.name.equals(name) && p.layerIndex == layerIndex
                && Arrays.equals(p.shape, shape) && p.offset == offset && p.init == init
                && p.fanIn == fanIn && p.fanOut == fanOut;
    }

    @Override
    public int hashCode() {
        return name.hashCode() * 31 + Arrays.hashCode(shape);
    }

    @Override
    public String toString() {
        return name + Arrays.toString(shape) + "@" + offset;
    }
}
