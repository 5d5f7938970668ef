package bad;

import dev.kiln.dsl.*;

@Network(channels = 1, height = 2, width = 2, loss = Loss.MEAN_SQUARED_ERROR)
public abstract class HugePaddingOutput {
    @Conv2d(filters = 1, kernel = 2147483647, padding = 2147483646) Layer c1;
}
