package bad;

import dev.kiln.dsl.*;

@Network(channels = 1, height = 8, width = 8, loss = Loss.MEAN_SQUARED_ERROR)
public abstract class GlobalPoolOfVector {
    @Flatten Layer flat;
    @GlobalAvgPool2d Layer gap;
}
