package bad;

import dev.kiln.dsl.*;

@Network(channels = 100000, height = 100000, width = 3, loss = Loss.SOFTMAX_CROSS_ENTROPY)
public abstract class HugeInput {
    @Flatten Layer flat;
    @Dense(units = 10) Layer out;
}
