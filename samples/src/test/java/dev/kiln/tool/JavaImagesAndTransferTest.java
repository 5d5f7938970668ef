package dev.kiln.tool;

/** Image folders, MalariaCnn and transfer learning on the generated Java code. */
class JavaImagesAndTransferTest extends ImagesAndTransferOnBackend {
    @Override
    String backend() {
        return "java";
    }
}
