package dev.kiln.dsl;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * Augmentation: scales each training image's deviation from its per-channel mean by a factor drawn
 * uniformly in {@code [1 - value, 1 + value]}, {@code x' = (x - mean) * f + mean}, without clipping
 * (Keras' {@code RandomContrast}). It has no parameters and is the identity in evaluation, prediction and
 * feature maps; in training each image draws its own transform from the step's seed, so runs
 * repeat. Augmentation layers may only stand at the start of a network (several in a row), and no
 * gradient flows into the input through them in training (nothing before them trains).
 */
@Documented
@Retention(RetentionPolicy.CLASS)
@Target(ElementType.FIELD)
public @interface RandomContrast {
    /** The largest change of contrast as a fraction, in [0, 1]. */
    double value();

    /**
     * The tensor this layer reads: empty for the previous field's output (the network input for
     * the first field), else the name of an earlier augmentation layer, or {@code "input"}.
     */
    String[] from() default {};
}
