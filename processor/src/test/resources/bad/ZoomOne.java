package bad;

import dev.kiln.dsl.*;

@Network(channels = 1, height = 28, width = 28, loss = Loss.SOFTMAX_CROSS_ENTROPY)
public abstract class ZoomOne {
    @RandomZoom(1.0) Layer zoom;
    @Conv2d(filters = 2, kernel = 3) Layer c1;
    @Flatten Layer flat;
    @Dense(units = 10) Layer out;
}
