package bad;

import dev.kiln.dsl.*;

@Network(channels = 1, height = 28, width = 28, loss = Loss.MEAN_SQUARED_ERROR)
public abstract class SoftmaxOnConv {
    @Conv2d(filters = 2, kernel = 3, activation = Activation.SOFTMAX) Layer c1;
}
