package dev.kiln.runtime.backend;

import dev.kiln.dsl.Activation;
import dev.kiln.dsl.Init;
import dev.kiln.dsl.Loss;
import dev.kiln.reference.SpecBuilder;
import dev.kiln.runtime.java.JavaPass;
import dev.kiln.spec.NetworkSpec;

/**
 * A hand-written {@link JavaPass} for {@link #SPEC}: {@code y = w . x + b} on two inputs, mean
 * squared error. It stands in for generated code (which the runtime module cannot compile) so that
 * the backend's wiring can be checked against the reference; it counts its calls.
 */
final class LinearPass implements JavaPass {
    static final NetworkSpec SPEC = SpecBuilder.of("t.Linear", 2, 1, 1, Loss.MEAN_SQUARED_ERROR)
            .flatten("flat").dense("out", 1, true, Activation.NONE, Init.DEFAULT).build();

    private int planned;
    private float[] input;
    private float[] flat;
    private float[] output;
    private float[] outputGrad;
    int forwards;
    int backwards;
    int plans;

    @Override
    public void plan(int maxBatch) {
        planned = maxBatch;
        flat = new float[maxBatch * 2];
        output = new float[maxBatch];
        outputGrad = new float[maxBatch];
        plans++;
    }

    @Override
    public int plannedBatch() {
        return planned;
    }

    @Override
    public void forward(float[] params, float[] in, int batch, boolean training, long seed) {
        forwards++;
        input = in;
        for (int n = 0; n < batch; n++) {
            flat[2 * n] = in[2 * n];
            flat[2 * n + 1] = in[2 * n + 1];
            output[n] = params[0] * in[2 * n] + params[1] * in[2 * n + 1] + params[2];
        }
    }

    @Override
    public float[] layerOutput(int index) {
        return index == 0 ? flat : output;
    }

    @Override
    public float[] output() {
        return output;
    }

    @Override
    public double loss(int[] labels, float[] targets, int batch) {
        double sum = 0;
        for (int n = 0; n < batch; n++) {
            double d = output[n] - (double) targets[n];
            sum += d * d;
            outputGrad[n] = (float) (2 * d / batch);
        }
        return sum / batch;
    }

    @Override
    public void backward(float[] params, float[] grads, float[] inputGrad, int batch) {
        backwards++;
        for (int n = 0; n < batch; n++) {
            grads[0] += outputGrad[n] * input[2 * n];
            grads[1] += outputGrad[n] * input[2 * n + 1];
            grads[2] += outputGrad[n];
            if (inputGrad != null) {
                inputGrad[2 * n] = outputGrad[n] * params[0];
                inputGrad[2 * n + 1] = outputGrad[n] * params[1];
            }
        }
    }
}
