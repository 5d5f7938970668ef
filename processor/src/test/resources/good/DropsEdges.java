package good;

import dev.kiln.dsl.*;

@Network(channels = 1, height = 7, width = 8, loss = Loss.MEAN_SQUARED_ERROR)
public abstract class DropsEdges {
    @Conv2d(filters = 2, kernel = 3, stride = 2) Layer strided;
    @MaxPool2d(size = 2) Layer pool;
    @AvgPool2d(size = 1) Layer exact;
}
