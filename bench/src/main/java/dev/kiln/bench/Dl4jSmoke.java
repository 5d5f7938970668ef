package dev.kiln.bench;

import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

public final class Dl4jSmoke {
    public static void main(String[] args) {
        INDArray a = Nd4j.rand(256, 256);
        INDArray b = Nd4j.rand(256, 256);
        System.out.println("sum " + a.mmul(b).sumNumber() + " backend " + Nd4j.getBackend().getClass().getName());
    }
}
