package bad;

import dev.kiln.dsl.*;

@Network(channels = 3, height = 16, width = 16, loss = Loss.MEAN_SQUARED_ERROR)
public abstract class MultiplyShapes {
    @Conv2d(filters = 8, kernel = 3, same = true) Layer c1;
    @GlobalAvgPool2d Layer squeeze;
    @Dense(units = 4, activation = Activation.HARD_SIGMOID) Layer gate;
    @Multiply(from = {"c1", "gate"}) Layer scaled;
}
