package good;

import dev.kiln.dsl.*;

@Network(channels = 1, height = 28, width = 28, loss = Loss.SOFTMAX_CROSS_ENTROPY)
public abstract class LeNet5 {
    @Conv2d(filters = 6, kernel = 5, padding = 2, activation = Activation.RELU) Layer c1;
    @MaxPool2d(size = 2) Layer s2;
    @Conv2d(filters = 16, kernel = 5, activation = Activation.RELU) Layer c3;
    @MaxPool2d(size = 2) Layer s4;
    @Conv2d(filters = 120, kernel = 5, activation = Activation.RELU) Layer c5;
    @Flatten Layer flat;
    @Dense(units = 84, activation = Activation.RELU) Layer f6;
    @Dense(units = 10) Layer out;
}
