package bad;

import dev.kiln.dsl.*;

@Network(channels = 1, height = 28, width = 28, loss = Loss.SOFTMAX_CROSS_ENTROPY)
public abstract class AugmentFromConv {
    @Conv2d(filters = 2, kernel = 3, from = "input") Layer c1;
    @RandomZoom(value = 0.1,
            from = "c1") Layer zoom;
    @Flatten Layer flat;
    @Dense(units = 10) Layer out;
}
