package bad;

import dev.kiln.dsl.*;

@Network(channels = 1, height = 1000, width = 1000, loss = Loss.MEAN_SQUARED_ERROR)
public abstract class HugeActivation {
    @Conv2d(filters = 100000, kernel = 1, padding = 0) Layer c1;
}
