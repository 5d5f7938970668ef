package bad;

import dev.kiln.dsl.*;

@Network(channels = 1, height = 8, width = 8, loss = Loss.MEAN_SQUARED_ERROR)
public abstract class FromLater {
    @Conv2d(filters = 2, kernel = 3, same = true) Layer c1;
    @Conv2d(filters = 2, kernel = 3, same = true, from = "c3") Layer c2;
    @Conv2d(filters = 2, kernel = 3, same = true, from = "c1") Layer c3;
}
