package bad;

import dev.kiln.dsl.*;

@Network(channels = 1, height = 28, width = 28, loss = Loss.MEAN_SQUARED_ERROR)
public abstract class SoftmaxWithMse {
    @Flatten Layer flat;
    @Dense(units = 10, activation = Activation.SOFTMAX) Layer out;
}
