package bad;

import dev.kiln.dsl.*;

@Network(channels = 3, height = 16, width = 16, loss = Loss.MEAN_SQUARED_ERROR)
public abstract class GroupsZero {
    @Conv2d(filters = 6, kernel = 3, groups = 0) Layer c1;
}
