package good;

import dev.kiln.dsl.*;

/** Even kernel with same padding (asymmetric), dilation, replicate padding, rectangular pools, one sigmoid unit. */
@Network(channels = 3, height = 9, width = 12, loss = Loss.BINARY_CROSS_ENTROPY)
public abstract class Binary {
    static final int NOT_A_LAYER = 3;
    static Layer alsoNotALayer;
    int ignoredCounter;

    @Conv2d(filters = 5, kernel = 2, same = true, paddingMode = PaddingMode.REPLICATE, activation = Activation.TANH) Layer evenSame;
    @Conv2d(filters = 4, kernel = {3, 2}, dilation = {2, 1}, padding = {2, 0}, stride = {1, 2}, activation = Activation.LEAKY_RELU) Layer dilated;
    @AvgPool2d(size = {3, 2}, stride = 1, padding = {1, 0}) Layer smooth;
    @Flatten Layer flat;
    @Dense(units = 1, activation = Activation.SIGMOID, init = Init.UNIFORM_FAN_IN) Layer out;
}
