package good;

import dev.kiln.dsl.*;

@Network(channels = 1, height = 28, width = 28, loss = Loss.SOFTMAX_CROSS_ENTROPY)
public abstract class FashionCnn {
    @Conv2d(filters = 32, kernel = 3, same = true, activation = Activation.RELU) Layer conv1;
    @MaxPool2d(size = 2) Layer pool1;
    @Dropout(rate = 0.2) Layer drop1;
    @Conv2d(filters = 64, kernel = 3, same = true, activation = Activation.RELU) Layer conv2;
    @MaxPool2d(size = 2) Layer pool2;
    @Dropout(rate = 0.2) Layer drop2;
    @Flatten Layer flat;
    @Dense(units = 128, activation = Activation.RELU) Layer hidden;
    @Dense(units = 10, activation = Activation.SOFTMAX) Layer out;
}
