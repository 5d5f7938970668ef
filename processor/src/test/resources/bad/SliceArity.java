package bad;

import dev.kiln.dsl.*;

@Network(channels = 3, height = 16, width = 16, loss = Loss.MEAN_SQUARED_ERROR)
public abstract class SliceArity {
    @Conv2d(filters = 8, kernel = 3) Layer c1;
    @Slice(channels = 4) Layer part;
}
