package good;

import dev.kiln.dsl.*;

/**
 * Every layer named to clash with something Kiln generates: OpenCL built-ins and keywords, the
 * generated passes' own identifiers, names that differ only by a generated suffix, a dollar sign
 * and non-ASCII letters.
 */
@Network(channels = 1, height = 8, width = 8, loss = Loss.SOFTMAX_CROSS_ENTROPY)
public abstract class AdversarialNames {
    @Conv2d(filters = 2, kernel = 3, same = true, activation = Activation.RELU) Layer mix;
    @Conv2d(filters = 2, kernel = 3, same = true) Layer c1;
    @Conv2d(filters = 2, kernel = 1, from = "mix") Layer c1Weight;
    @Add(from = {"c1", "c1Weight"}, activation = Activation.TANH) Layer a;
    @BatchNorm Layer aGrad;
    @MaxPool2d(size = 2) Layer max;
    @Conv2d(filters = 3, kernel = 1, from = "max") Layer $;
    @Conv2d(filters = 3, kernel = 1, from = "max", activation = Activation.SIGMOID) Layer a$b;
    @Concat(from = {"$", "a$b", "max"}) Layer größe;
    @GlobalAvgPool2d Layer sin;
    @Dense(units = 4, activation = Activation.RELU) Layer params;
    @Dense(units = 4, from = "sin") Layer n;
    @Concat(from = {"params", "n"}) Layer worker;
    @BatchNorm(activation = Activation.LEAKY_RELU) Layer kernel;
    @Dropout(rate = 0.1) Layer in;
    @Dense(units = 3) Layer out;
}
