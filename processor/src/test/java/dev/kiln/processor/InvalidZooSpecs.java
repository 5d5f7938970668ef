package dev.kiln.processor;

import java.util.stream.Stream;
import org.junit.jupiter.params.provider.Arguments;

/**
 * Issue 23's kinds and options refused with their tagged message on the line the user must fix (the
 * attribute's value where there is one), and nothing else: {@link InvalidSpecTest} runs them. One spec per file
 * under {@code bad/}.
 */
final class InvalidZooSpecs {
    private InvalidZooSpecs() {
    }

    static Stream<Arguments> cases() {
        return Stream.of(
                Arguments.of("GroupsDoNotDivide", "[kiln:groups-do-not-divide] c2: groups = 4 must divide both the input channels "
                        + "and the filters, but c1 has 8 channels and filters is 6. Use groups = 2 (a common divisor), or make "
                        + "filters a multiple of groups.", "groups = 4"),
                Arguments.of("GroupsZero", "[kiln:groups-out-of-range] c1: groups must be at least 1, but is 0.", "groups = 0"),
                Arguments.of("MultiplyShapes", "[kiln:multiply-shapes] scaled: cannot multiply c1 (8, 16, 16) and gate (4): "
                        + "@Multiply takes two tensors of one shape, or a (C, 1, 1) image or (C) vector with one value per channel "
                        + "of a (C, H, W) image.", "scaled;"),
                Arguments.of("MultiplyThree", "[kiln:multiply-two-inputs] product: @Multiply multiplies two tensors, but from names "
                        + "3 (a, b, input).", "product;"),
                Arguments.of("MultiplyOfOne", "[kiln:merge-needs-two] product: @Multiply merges two or more tensors, but from names [a]",
                        "product;"),
                Arguments.of("SliceOutOfRange", "[kiln:slice-out-of-range] part: channels = {2, 9} must satisfy 0 <= start < end <= 8 "
                        + "(the channels of c1), but does not.", "{2, 9}"),
                Arguments.of("SliceArity", "[kiln:slice-arity] part: channels takes two values {start, end}, but has 1: {4}.",
                        "channels = 4"),
                Arguments.of("ShuffleGroups", "[kiln:shuffle-groups] shuffled: groups = 3 must be at least 1 and divide the channels "
                        + "of c1 (8). Use a divisor of the channels, such as 2.", "groups = 3"));
    }
}
