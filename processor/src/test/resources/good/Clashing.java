package good;

import dev.kiln.dsl.*;

/** Layer names whose constants would clash with each other and with the fixed ones. */
@Network(channels = 1, height = 6, width = 6, loss = Loss.MEAN_SQUARED_ERROR)
public abstract class Clashing {
    @Conv2d(filters = 2, kernel = 3) Layer Input;
    @Conv2d(filters = 3, kernel = 1) Layer c1;
    @Conv2d(filters = 4, kernel = 1) Layer C1;
    @Flatten Layer total;
}
