package bad;

import dev.kiln.dsl.*;

@Network(channels = 1, height = 0, width = 28, loss = Loss.SOFTMAX_CROSS_ENTROPY)
public abstract class ZeroHeight {
    @Flatten Layer flat;
    @Dense(units = 10) Layer out;
}
