package dev.kiln.bench;

/**
 * One framework or backend set up to train and run one network: Kiln's Java, OpenCL or reference
 * backend, or Deeplearning4j. Created with initialised parameters and Adam (lr 1e-3).
 */
interface Contestant extends AutoCloseable {

    /** Short key for tables: {@code kiln-java}, {@code kiln-opencl}, {@code kiln-reference}, {@code dl4j}. */
    String key();

    /** What actually ran, e.g. the OpenCL device or DL4J's native build. */
    String description();

    /** One training step (forward, loss, backward, Adam update) on {@code batch}. */
    void trainStep(Batch batch);

    /** Whether it can train at all (ONNX Runtime only runs inference). */
    default boolean trains() {
        return true;
    }

    /** Inference (dropout off) on {@code batch}. */
    void predict(Batch batch);

    @Override
    void close();
}
