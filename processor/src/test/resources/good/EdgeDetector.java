package good;

import dev.kiln.dsl.*;

@Network(channels = 1, height = 28, width = 28, loss = Loss.MEAN_SQUARED_ERROR)
public abstract class EdgeDetector {
    @Conv2d(filters = 1, kernel = 3, padding = 1) Layer edges;
}
