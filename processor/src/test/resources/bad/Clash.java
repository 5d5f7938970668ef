package bad;

import dev.kiln.dsl.*;

@Network(channels = 1, height = 4, width = 4, loss = Loss.MEAN_SQUARED_ERROR)
public abstract class Clash {
    @Conv2d(filters = 1, kernel = 3) Layer c1;
}
