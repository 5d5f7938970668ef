package bad;

import dev.kiln.dsl.*;

@Network(channels = 3, height = 16, width = 16, loss = Loss.MEAN_SQUARED_ERROR)
public abstract class SliceOutOfRange {
    @Conv2d(filters = 8, kernel = 3) Layer c1;
    @Slice(from = "c1", channels = {2, 9}) Layer part;
}
