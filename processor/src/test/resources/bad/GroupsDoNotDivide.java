package bad;

import dev.kiln.dsl.*;

@Network(channels = 3, height = 16, width = 16, loss = Loss.MEAN_SQUARED_ERROR)
public abstract class GroupsDoNotDivide {
    @Conv2d(filters = 8, kernel = 3) Layer c1;
    @Conv2d(filters = 6, kernel = 3, groups = 4) Layer c2;
}
