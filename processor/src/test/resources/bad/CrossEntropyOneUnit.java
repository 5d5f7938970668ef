package bad;

import dev.kiln.dsl.*;

@Network(channels = 1, height = 28, width = 28, loss = Loss.SOFTMAX_CROSS_ENTROPY)
public abstract class CrossEntropyOneUnit {
    @Flatten Layer flat;
    @Dense(units = 1) Layer out;
}
