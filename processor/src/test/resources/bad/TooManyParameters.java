package bad;

import dev.kiln.dsl.*;

@Network(channels = 1, height = 100, width = 100, loss = Loss.SOFTMAX_CROSS_ENTROPY)
public abstract class TooManyParameters {
    @Flatten Layer flat;
    @Dense(units = 100000) Layer wide;
    @Dense(units = 100000) Layer out;
}
