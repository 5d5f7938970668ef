package dev.kiln.tool;

import dev.kiln.runtime.java.Gemm;

/** Touches the generated code's kernels twice, as a program using the API would; prints whether they are the Vector API's. */
final class VectorNoticeMain {
    private VectorNoticeMain() {
    }

    public static void main(String[] args) {
        System.out.println("vector " + Gemm.VECTOR);
        System.out.println(Gemm.describe());
    }
}
