package bad;

import dev.kiln.dsl.*;

@Network(channels = 1, height = 28, width = 28, loss = Loss.BINARY_CROSS_ENTROPY)
public abstract class BinaryWithTanh {
    @Flatten Layer flat;
    @Dense(units = 1, activation = Activation.TANH) Layer out;
}
