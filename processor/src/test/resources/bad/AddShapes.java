package bad;

import dev.kiln.dsl.*;

@Network(channels = 1, height = 28, width = 28, loss = Loss.MEAN_SQUARED_ERROR)
public abstract class AddShapes {
    @Conv2d(filters = 8, kernel = 3, same = true) Layer pool;
    @Conv2d(filters = 8, kernel = 3, stride = 2, same = true) Layer b1c1;
    @BatchNorm Layer b1n2;
    @Add(from = {"b1n2", "pool"}) Layer b1;
}
