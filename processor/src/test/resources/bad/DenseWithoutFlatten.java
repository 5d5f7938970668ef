package bad;

import dev.kiln.dsl.*;

@Network(channels = 1, height = 28, width = 28, loss = Loss.SOFTMAX_CROSS_ENTROPY)
public abstract class DenseWithoutFlatten {
    @Conv2d(filters = 2, kernel = 3) Layer c1;
    @Dense(units = 10) Layer out;
}
