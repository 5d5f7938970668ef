package bad;

import dev.kiln.dsl.*;

@Network(channels = 1, height = 8, width = 8, loss = Loss.MEAN_SQUARED_ERROR)
public abstract class MergeOfOne {
    @Conv2d(filters = 2, kernel = 3, same = true) Layer a;
    @Add(from = {"a"}) Layer sum;
}
