package good;

import dev.kiln.dsl.*;

/** Neither public nor abstract: accepted; the generated model is public all the same. */
@Network(channels = 2, height = 4, width = 4, loss = Loss.MEAN_SQUARED_ERROR)
class PlainClass {
    @MaxPool2d(size = 2) Layer second;
    @Conv2d(filters = 1, kernel = 1) Layer first;
}
