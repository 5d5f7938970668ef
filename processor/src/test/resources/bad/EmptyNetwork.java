package bad;

import dev.kiln.dsl.*;

@Network(channels = 1, height = 28, width = 28, loss = Loss.SOFTMAX_CROSS_ENTROPY)
public abstract class EmptyNetwork {
    static final int NOT_A_LAYER = 1;
}
