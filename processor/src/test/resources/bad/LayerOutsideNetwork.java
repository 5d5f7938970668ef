package bad;

import dev.kiln.dsl.*;

public abstract class LayerOutsideNetwork {
    @Conv2d(filters = 1, kernel = 3) Layer c1;
}
