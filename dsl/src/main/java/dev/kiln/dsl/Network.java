package dev.kiln.dsl;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * Marks an abstract class as a network specification. Its {@link Layer} fields, in declaration
 * order, are the layers; the input is one image of {@code channels x height x width}.
 *
 * <p>For a class {@code Foo}, Kiln's processor generates {@code FooModel} in the same package.
 */
@Documented
@Retention(RetentionPolicy.CLASS)
@Target(ElementType.TYPE)
public @interface Network {
    /** Input channels (1 for grey images, 3 for RGB). */
    int channels();

    /** Input height in pixels. */
    int height();

    /** Input width in pixels. */
    int width();

    /** The loss the network is trained with; it must fit the last layer. */
    Loss loss();
}
