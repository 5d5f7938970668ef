package bad;

import dev.kiln.dsl.*;

@Network(channels = 1, height = 20, width = 20, loss = Loss.SOFTMAX_CROSS_ENTROPY)
public abstract class TooManyParametersInTotal {
    @Flatten Layer flat;
    @Dense(units = 40000) Layer a;
    @Dense(units = 30000) Layer b;
    @Dense(units = 40000) Layer out;
}
