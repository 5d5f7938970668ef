package bad;

import dev.kiln.dsl.*;

@Network(channels = 1, height = 16, width = 16, loss = Loss.SOFTMAX_CROSS_ENTROPY)
public abstract class KernelTooLarge {
    @Conv2d(filters = 6, kernel = 5) Layer c1;
    @MaxPool2d(size = 3) Layer s2;
    @Conv2d(filters = 16, kernel = 5) Layer c3;
    @Flatten Layer flat;
    @Dense(units = 10) Layer out;
}
