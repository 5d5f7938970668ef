package good;

import dev.kiln.dsl.*;

@Network(channels = 1, height = 32, width = 32, loss = Loss.MEAN_SQUARED_ERROR)
public abstract class Stacked {
    @Conv2d(filters = 4, kernel = 3, activation = Activation.RELU) Layer a;
    @Conv2d(filters = 4, kernel = 3, activation = Activation.RELU) Layer b;
    @Conv2d(filters = 4, kernel = 3) Layer c;
}
