package dev.kiln.tool;

/**
 * Every verb on the generated Java code. The short runs and their bars: chance is 0.1 for the ten
 * Fashion-MNIST classes, 1/6 for the six coloured shapes, and 0.7 for footwear (three classes of
 * ten; always answering "not footwear" scores 0.7); the EdgeDetector starts from U(-1/3, 1/3), at
 * least 0.67 from the edge kernel's ones. Measured with these seeds and steps (2 workers): LeNet5 0.808,
 * FashionCnn 0.774, FootwearClassifier 1.000, ColourShapes 0.807, EdgeDetector 0.227 from the kernel.
 */
class JavaBackendVerbsTest extends VerbsOnBackend {
    @Override
    String backend() {
        return "java";
    }

    @Override
    int steps(String name) {
        return switch (name) {
            case "LeNet5", "EdgeDetector" -> 300;
            default -> 200;
        };
    }

    @Override
    int epochs(String name) {
        return name.equals("ColourShapes") ? 3 : 1; // one epoch is 90 steps; 3 reached 0.81 (seed 7), 1 only 0.53
    }

    @Override
    double bar(String name) {
        return switch (name) {
            case "LeNet5", "FashionCnn" -> 0.6;  // 6x chance
            case "FootwearClassifier" -> 0.85;   // half of the errors of the majority answer
            case "ColourShapes" -> 0.6;          // 3.6x chance
            case "EdgeDetector" -> 0.5;          // every entry at least a quarter closer than the start allows
            default -> throw new IllegalArgumentException(name);
        };
    }
}
