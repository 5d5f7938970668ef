package good;

import dev.kiln.dsl.*;

/** Every augmentation annotation, with defaults and explicit values, at the start of a small colour network. */
@Network(channels = 3, height = 12, width = 10, loss = Loss.SOFTMAX_CROSS_ENTROPY)
public abstract class Augmented {
    @RandomFlip Layer flip;
    @RandomTranslation(height = 0.1, width = 0.2, fill = FillMode.NEAREST) Layer shift;
    @RandomRotation(degrees = 15, fill = FillMode.REFLECT) Layer rotate;
    @RandomZoom(0.1) Layer zoom;
    @RandomContrast(value = 0.2, from = "zoom") Layer contrast;
    @Conv2d(filters = 4, kernel = 3, activation = Activation.RELU) Layer c1;
    @MaxPool2d(size = 2) Layer p1;
    @Flatten Layer flat;
    @Dense(units = 3) Layer out;
}
