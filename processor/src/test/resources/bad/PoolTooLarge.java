package bad;

import dev.kiln.dsl.*;

@Network(channels = 1, height = 6, width = 6, loss = Loss.SOFTMAX_CROSS_ENTROPY)
public abstract class PoolTooLarge {
    @Conv2d(filters = 2, kernel = 3) Layer c1;
    @MaxPool2d(size = {2, 5}) Layer p2;
    @Flatten Layer flat;
    @Dense(units = 10) Layer out;
}
