package bad;

import dev.kiln.dsl.*;

@Network(channels = 1, height = 8, width = 8, loss = Loss.MEAN_SQUARED_ERROR)
public abstract class ConcatSizes {
    @Conv2d(filters = 2, kernel = 3, same = true) Layer a;
    @MaxPool2d(size = 2) Layer b;
    @Concat(from = {"a", "b"}) Layer joined;
}
