package dev.kiln.runtime.train;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import dev.kiln.dsl.Activation;
import dev.kiln.dsl.Init;
import dev.kiln.dsl.Loss;
import dev.kiln.dsl.PaddingMode;
import dev.kiln.runtime.backend.InvalidInputException;
import dev.kiln.runtime.optim.OptimizerConfig;
import dev.kiln.runtime.reference.ReferenceBackend;
import dev.kiln.spec.NetworkSpec;
import dev.kiln.spec.Window;
import org.junit.jupiter.api.Test;

class FeatureMapsTest {
    // conv 2x2 (kernel 0..3, bias -30, ReLU) on a 3x3 input, then a 2x2 max-pool, then flatten.
    private static final NetworkSpec SPEC = NetworkSpec.builder("t.Maps", 1, 3, 3, Loss.MEAN_SQUARED_ERROR)
            .conv("c", 1, Window.symmetric(2, 2, 1, 1, 0, 0, 1, 1), false, PaddingMode.ZEROS, true, Activation.RELU,
                    Init.DEFAULT)
            .maxPool("pool", Window.symmetric(2, 2, 1, 1, 0, 0, 1, 1))
            .flatten("flat")
            .build();
    private static final float[] IMAGE = {0, 1, 2, 3, 4, 5, 6, 7, 8};

    @Test
    void theMapsOfANamedLayerForOneImage() {
        ReferenceBackend backend = new ReferenceBackend(SPEC, OptimizerConfig.adam().build());
        backend.setParameters(new float[] {0, 1, 2, 3, -30});
        backend.plan(8);
        // The course's golden values [[19, 25], [37, 43]] minus 30, through ReLU.
        float[][][] conv = FeatureMaps.of(backend, "c", IMAGE);
        assertEquals(1, conv.length);
        assertArrayEquals(new float[] {0, 0}, conv[0][0]);
        assertArrayEquals(new float[] {7, 13}, conv[0][1]);
        float[][][] pool = FeatureMaps.of(backend, "pool", IMAGE);
        assertEquals(13f, pool[0][0][0]);
        float[][][] flat = FeatureMaps.of(backend, 2, IMAGE);
        assertEquals(1, flat.length, "a vector of 1 is one 1x1 map");
        assertEquals(13f, flat[0][0][0]);
    }

    @Test
    void anUnknownLayerOrAWrongImageIsAClearError() {
        ReferenceBackend backend = new ReferenceBackend(SPEC, OptimizerConfig.adam().build());
        InvalidInputException e = assertThrows(InvalidInputException.class, () -> FeatureMaps.of(backend, "c9", IMAGE));
        assertEquals("Maps has no layer 'c9'; its layers are [c, pool, flat]", e.getMessage());
        e = assertThrows(InvalidInputException.class, () -> FeatureMaps.of(backend, "c", new float[8]));
        assertEquals("Maps takes one image of (1, 3, 3) (9 floats), but 8 floats were given", e.getMessage());
    }
}
