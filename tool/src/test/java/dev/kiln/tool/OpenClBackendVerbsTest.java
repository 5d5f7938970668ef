package dev.kiln.tool;

import dev.kiln.runtime.Required;

/**
 * Every verb on the generated OpenCL program; required under CI=true, skipped elsewhere when no
 * platform is present. PoCL runs the program 7 to 13 times slower than the Java code, so the
 * short runs are shorter than {@link JavaBackendVerbsTest}'s and the bars lower, still well above
 * chance (0.1 for ten classes, 1/6 for the shapes, 0.7 for footwear). Measured on PoCL with these
 * seeds and steps: LeNet5 0.734, FashionCnn 0.676, FootwearClassifier 0.998, ColourShapes 0.533,
 * EdgeDetector 0.334 from the kernel; the graph samples at Adam's rate 0.003: FashionResNet 0.616
 * after 60 steps (its 24/48-channel version had 0.126 after 30: the batch norms' running statistics
 * still lagged the moving weights, on every backend alike), InceptionNet 0.440 after 100, FashionMobileNet 0.508
 * after 60 (0.138 after 40, its batch norms' running statistics lagging as FashionResNet's).
 */
class OpenClBackendVerbsTest extends VerbsOnBackend {
    @Override
    String backend() {
        return "opencl";
    }

    @Override
    int steps(String name) {
        return switch (name) {
            case "LeNet5" -> 100;
            case "FashionCnn" -> 40;
            case "EdgeDetector" -> 200;
            case "FashionResNet", "FashionMobileNet" -> 60;
            case "InceptionNet" -> 100;
            default -> 80;
        };
    }

    @Override
    double bar(String name) {
        return switch (name) {
            case "LeNet5", "FashionCnn" -> 0.45; // 4.5x chance
            case "FootwearClassifier" -> 0.85;   // half of the errors of the majority answer
            case "ColourShapes" -> 0.4;          // 2.4x chance
            case "EdgeDetector" -> 0.5;
            case "FashionResNet" -> 0.4;         // 4x chance
            case "InceptionNet" -> 0.3;          // 3x chance
            case "FashionMobileNet" -> 0.3;      // 3x chance
            default -> throw new IllegalArgumentException(name);
        };
    }

    @Override
    void assumeBackend() {
        Required.openCl();
    }
}
