package bad;

import dev.kiln.dsl.*;

public class Nested {
    @Network(channels = 1, height = 8, width = 8, loss = Loss.MEAN_SQUARED_ERROR)
    public abstract static class Inner {
        @Conv2d(filters = 1, kernel = 3) Layer c1;
    }
}
