package good;

import dev.kiln.dsl.*;

/** The 13x13 network of issue 2: 348 parameters and 5,175 multiplies. */
@Network(channels = 1, height = 13, width = 13, loss = Loss.SOFTMAX_CROSS_ENTROPY)
public abstract class Thirteen {
    @Conv2d(filters = 3, kernel = 4, bias = false, activation = Activation.RELU) Layer conv;
    @AvgPool2d(size = 2) Layer pool;
    @Flatten Layer flat;
    @Dense(units = 4, bias = false) Layer out;
}
