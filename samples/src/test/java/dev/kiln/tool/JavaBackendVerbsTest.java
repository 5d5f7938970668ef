package dev.kiln.tool;

/** Every verb on the generated Java code. */
class JavaBackendVerbsTest extends VerbsOnBackend {
    @Override
    String backend() {
        return "java";
    }
}
