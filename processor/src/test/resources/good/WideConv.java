package good;

import dev.kiln.dsl.*;

@Network(channels = 3, height = 100, width = 100, loss = Loss.MEAN_SQUARED_ERROR)
public abstract class WideConv {
    @Conv2d(filters = 100, kernel = 3) Layer conv;
}
