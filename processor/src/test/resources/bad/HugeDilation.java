package bad;

import dev.kiln.dsl.*;

@Network(channels = 1, height = 28, width = 28, loss = Loss.SOFTMAX_CROSS_ENTROPY)
public abstract class HugeDilation {
    @Conv2d(filters = 1, kernel = 3, dilation = 2000000000) Layer c1;
    @Flatten Layer flat;
    @Dense(units = 10) Layer out;
}
