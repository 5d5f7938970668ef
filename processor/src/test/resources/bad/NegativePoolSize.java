package bad;

import dev.kiln.dsl.*;

@Network(channels = 1, height = 28, width = 28, loss = Loss.SOFTMAX_CROSS_ENTROPY)
public abstract class NegativePoolSize {
    @AvgPool2d(size = -2) Layer p1;
    @Flatten Layer flat;
    @Dense(units = 10) Layer out;
}
