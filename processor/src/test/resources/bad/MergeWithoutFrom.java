package bad;

import dev.kiln.dsl.*;

@Network(channels = 1, height = 8, width = 8, loss = Loss.MEAN_SQUARED_ERROR)
public abstract class MergeWithoutFrom {
    @Conv2d(filters = 2, kernel = 3, same = true) Layer a;
    @Concat Layer joined;
}
