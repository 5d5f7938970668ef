package dev.kiln.processor.writer.opencl;

import dev.kiln.dsl.Activation;
import dev.kiln.dsl.Loss;

/** The integer codes the kernel templates switch on, as enums: one place maps DSL values to them. */
final class KernelCodes {
    private KernelCodes() {
    }

    /** {@code ACT} of conv.cl, dense.cl, add.cl, batchnorm.cl, activation.cl and loss.cl: the prelude's {@code KILN_ACT_} codes. */
    enum Act {
        NONE(0), RELU(1), LEAKY_RELU(2), SIGMOID(3), TANH(4), RELU6(5), HARD_SWISH(6), HARD_SIGMOID(7), SILU(8), GELU(9);

        final int code;

        Act(int code) {
            this.code = code;
        }

        /** SOFTMAX never reaches a layer kernel: the loss kernel applies it. */
        static Act of(Activation a) {
            return switch (a) {
                case NONE, SOFTMAX -> NONE;
                case RELU -> RELU;
                case LEAKY_RELU -> LEAKY_RELU;
                case SIGMOID -> SIGMOID;
                case TANH -> TANH;
                case RELU6 -> RELU6;
                case HARD_SWISH -> HARD_SWISH;
                case HARD_SIGMOID -> HARD_SIGMOID;
                case SILU -> SILU;
                case GELU -> GELU;
            };
        }

        @Override
        public String toString() {
            return Integer.toString(code);
        }
    }

    /** {@code LOSS} of loss.cl. */
    enum LossCode {
        SOFTMAX_CROSS_ENTROPY(1), BINARY_CROSS_ENTROPY(2), MEAN_SQUARED_ERROR(3);

        final int code;

        LossCode(int code) {
            this.code = code;
        }

        static LossCode of(Loss loss) {
            return switch (loss) {
                case SOFTMAX_CROSS_ENTROPY -> SOFTMAX_CROSS_ENTROPY;
                case BINARY_CROSS_ENTROPY -> BINARY_CROSS_ENTROPY;
                case MEAN_SQUARED_ERROR -> MEAN_SQUARED_ERROR;
            };
        }

        @Override
        public String toString() {
            return Integer.toString(code);
        }
    }
}
