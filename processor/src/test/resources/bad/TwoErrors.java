package bad;

import dev.kiln.dsl.*;

@Network(channels = 1, height = 28, width = 28, loss = Loss.SOFTMAX_CROSS_ENTROPY)
public abstract class TwoErrors {
    @Conv2d(filters = 0, kernel = 3) Layer c1;
    @MaxPool2d(size = 2, stride = 0) Layer s2;
    @Flatten Layer flat;
    @Dense(units = 10) Layer out;
}
