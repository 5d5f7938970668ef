package org.nd4j.nativeblas;

/**
 * Compatibility shim, ours, on the benchmark's class path only. DL4J 1.0.0-M2.1's oneDNN layer helpers
 * ({@code BaseMKLDNNHelper.mklDnnEnabled()}) look up {@code org.nd4j.nativeblas.Nd4jCpu$Environment}
 * and call {@code getInstance().isUseMKLDNN()} by reflection; ND4J 1.0.0-M2.1 ships that class as
 * {@code org.nd4j.linalg.cpu.nativecpu.bindings.Nd4jCpu.Environment} with {@code isUseONEDNN()}. The
 * lookup fails, the failure is cached, and DL4J silently runs every convolution without oneDNN. This
 * class answers under the old name by asking the new one, so the helpers load as DL4J intends.
 */
public final class Nd4jCpu {
    private Nd4jCpu() {
    }

    /** The old name of ND4J's native environment, forwarding to the current one. */
    public static final class Environment {
        private static final Environment INSTANCE = new Environment();

        private Environment() {
        }

        public static Environment getInstance() {
            return INSTANCE;
        }

        /** Whether the native build has oneDNN and may use it: ND4J's {@code isUseONEDNN()}. */
        public boolean isUseMKLDNN() {
            return org.nd4j.linalg.cpu.nativecpu.bindings.Nd4jCpu.Environment.getInstance().isUseONEDNN();
        }
    }
}
