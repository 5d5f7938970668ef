package dev.kiln.bench;

import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/**
 * What this machine achieves in practice: a 1024^3 fp32 matrix product in ND4J's BLAS (OpenBLAS
 * on every core), beside the theoretical peak, so that per-layer figures can be read against both.
 */
final class Sgemm {
    private Sgemm() {
    }

    static double gflops(int n, int repetitions) {
        INDArray a = Nd4j.rand(DataType.FLOAT, n, n);
        INDArray b = Nd4j.rand(DataType.FLOAT, n, n);
        INDArray c = Nd4j.create(DataType.FLOAT, n, n);
        for (int i = 0; i < 3; i++) {
            Nd4j.gemm(a, b, c, false, false, 1.0, 0.0);
        }
        long t0 = System.nanoTime();
        for (int i = 0; i < repetitions; i++) {
            Nd4j.gemm(a, b, c, false, false, 1.0, 0.0);
        }
        double seconds = (System.nanoTime() - t0) / 1e9;
        return 2.0 * n * n * n * repetitions / seconds / 1e9;
    }
}
