package bad;

import dev.kiln.dsl.*;

@Network(channels = 1, height = 28, width = 28, loss = Loss.BINARY_CROSS_ENTROPY)
public abstract class BinaryAfterTen {
    @Flatten Layer flat;
    @Dense(units = 10, activation = Activation.SIGMOID) Layer out;
}
