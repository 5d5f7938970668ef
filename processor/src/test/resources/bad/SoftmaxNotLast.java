package bad;

import dev.kiln.dsl.*;

@Network(channels = 1, height = 28, width = 28, loss = Loss.SOFTMAX_CROSS_ENTROPY)
public abstract class SoftmaxNotLast {
    @Flatten Layer flat;
    @Dense(units = 20, activation = Activation.SOFTMAX) Layer hidden;
    @Dense(units = 10) Layer out;
}
