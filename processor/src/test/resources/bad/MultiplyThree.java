package bad;

import dev.kiln.dsl.*;

@Network(channels = 3, height = 16, width = 16, loss = Loss.MEAN_SQUARED_ERROR)
public abstract class MultiplyThree {
    @Conv2d(filters = 3, kernel = 3, same = true) Layer a;
    @Conv2d(from = "input", filters = 3, kernel = 1) Layer b;
    @Multiply(from = {"a", "b", "input"}) Layer product;
}
