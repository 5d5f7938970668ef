package dev.kiln.runtime.optim;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

/**
 * Optimiser steps against values computed by hand from PyTorch's update rules (torch.optim.SGD
 * with dampening 0, torch.optim.Adam without amsgrad), written out beside each case. Parameters
 * are floats, so the tolerance is a few float ulps.
 */
class OptimizerTest {
    private static final double TOL = 1e-6;

    /** Two steps on one parameter starting at {@code p0} with gradients {@code g1} then {@code g2}. */
    private static float[] twoSteps(OptimizerConfig config, float p0, float g1, float g2, double lr) {
        Optimizer o = new Optimizer(config, 1);
        float[] p = {p0};
        o.step(p, new float[] {g1}, lr);
        float first = p[0];
        o.step(p, new float[] {g2}, lr);
        assertEquals(2, o.steps());
        return new float[] {first, p[0]};
    }

    @Test
    void plainSgd() {
        // p = 1 - 0.1 * 0.5 = 0.95, then 0.95 - 0.1 * (-1) = 1.05
        float[] p = twoSteps(OptimizerConfig.sgd().build(), 1, 0.5f, -1, 0.1);
        assertEquals(0.95, p[0], TOL);
        assertEquals(1.05, p[1], TOL);
    }

    @Test
    void sgdWithMomentum() {
        // v1 = 1, p1 = 1 - 0.1 * 1 = 0.9; v2 = 0.9 * 1 + 0.5 = 1.4, p2 = 0.9 - 0.14 = 0.76
        float[] p = twoSteps(OptimizerConfig.sgd().momentum(0.9).build(), 1, 1, 0.5f, 0.1);
        assertEquals(0.9, p[0], TOL);
        assertEquals(0.76, p[1], TOL);
    }

    @Test
    void sgdWithNesterov() {
        // v1 = 1, g = 1 + 0.9 * 1 = 1.9, p1 = 1 - 0.19 = 0.81;
        // v2 = 0.9 + 0.5 = 1.4, g = 0.5 + 0.9 * 1.4 = 1.76, p2 = 0.81 - 0.176 = 0.634
        float[] p = twoSteps(OptimizerConfig.sgd().momentum(0.9).nesterov(true).build(), 1, 1, 0.5f, 0.1);
        assertEquals(0.81, p[0], TOL);
        assertEquals(0.634, p[1], TOL);
    }

    @Test
    void sgdWithWeightDecayAndMomentum() {
        // g = 1 + 0.1 * 1 = 1.1, v1 = 1.1, p1 = 1 - 0.11 = 0.89;
        // g = 0.5 + 0.1 * 0.89 = 0.589, v2 = 0.9 * 1.1 + 0.589 = 1.579, p2 = 0.89 - 0.1579 = 0.7321
        float[] p = twoSteps(OptimizerConfig.sgd().momentum(0.9).weightDecay(0.1).build(), 1, 1, 0.5f, 0.1);
        assertEquals(0.89, p[0], TOL);
        assertEquals(0.7321, p[1], TOL);
    }

    @Test
    void adamTwoSteps() {
        // lr 0.1, betas (0.9, 0.999), eps 1e-8, p0 = 1, gradients 1 then 0.5:
        // t=1: m = 0.1, v = 0.001, m^ = 1, v^ = 1, p1 = 1 - 0.1 * 1 / (1 + 1e-8) = 0.900000001
        // t=2: m = 0.09 + 0.05 = 0.14, v = 0.000999 + 0.00025 = 0.001249,
        //      m^ = 0.14 / 0.19 = 0.7368421, v^ = 0.001249 / 0.001999 = 0.6248124, sqrt = 0.7904508,
        //      p2 = 0.900000001 - 0.1 * 0.7368421 / 0.7904508 = 0.8067820
        float[] p = twoSteps(OptimizerConfig.adam().build(), 1, 1, 0.5f, 0.1);
        assertEquals(0.900000001, p[0], TOL);
        assertEquals(0.8067820, p[1], TOL);
    }

    @Test
    void adamWithWeightDecayAddsItToTheGradient() {
        // lr 0.01, wd 0.01, p0 = -2, gradients -0.3 then 0.2 (PyTorch's Adam adds wd * p, unlike AdamW):
        // t=1: g = -0.3 - 0.02 = -0.32, m^ = -0.32, v^ = 0.1024, p1 = -2 + 0.01 * 0.32 / (0.32 + 1e-8) = -1.9900000003
        // t=2: g = 0.2 + 0.01 * -1.99 = 0.1801, m = -0.0288 + 0.01801 = -0.01079, v = 0.0001022976 + 0.00003243601
        //      = 0.00013473361, m^ = -0.0567895, v^ = 0.0674005, sqrt = 0.2596161, p2 = -1.99 + 0.01 * 0.2187440
        //      = -1.9878126
        float[] p = twoSteps(OptimizerConfig.adam().weightDecay(0.01).build(), -2, -0.3f, 0.2f, 0.01);
        assertEquals(-1.99, p[0], TOL);
        assertEquals(-1.9878126, p[1], TOL);
    }

    @Test
    void elementsAreIndependentAndGradientsAreLeftAlone() {
        Optimizer o = new Optimizer(OptimizerConfig.adam().build(), 3);
        float[] p = {1, 1, 1};
        float[] g = {1, -1, 0};
        o.step(p, g, 0.1);
        // Adam's first step moves every element by lr in the gradient's direction; a zero gradient not at all
        assertEquals(0.9, p[0], TOL);
        assertEquals(1.1, p[1], TOL);
        assertEquals(1.0, p[2], 0);
        assertEquals(1f, g[0]);
        assertEquals(-1f, g[1]);
    }

    @Test
    void resetForgetsTheState() {
        Optimizer o = new Optimizer(OptimizerConfig.sgd().momentum(0.9).build(), 1);
        float[] p = {1};
        o.step(p, new float[] {1}, 0.1);
        o.reset();
        assertEquals(0, o.steps());
        // with the momentum forgotten, the next step is a first step again: 0.9 - 0.1 * 0.5
        o.step(p, new float[] {0.5f}, 0.1);
        assertEquals(0.85, p[0], TOL);
    }

    @Test
    void badConfigurationsAndSizesAreRejected() {
        IllegalArgumentException nesterov = assertThrows(IllegalArgumentException.class,
                () -> new Optimizer(OptimizerConfig.sgd().nesterov(true).build(), 1));
        assertTrue(nesterov.getMessage().contains("Nesterov"), nesterov.getMessage());
        assertThrows(IllegalArgumentException.class, () -> new Optimizer(OptimizerConfig.adam().betas(1.0, 0.999).build(), 1));
        assertThrows(IllegalArgumentException.class, () -> new Optimizer(OptimizerConfig.sgd().momentum(0.9).weightDecay(-1).build(), 1));
        Optimizer o = new Optimizer(OptimizerConfig.adam().build(), 2);
        IllegalArgumentException size = assertThrows(IllegalArgumentException.class,
                () -> o.step(new float[3], new float[3], 0.1));
        assertTrue(size.getMessage().contains("2 parameters") && size.getMessage().contains("3"), size.getMessage());
    }

    @Test
    void optimizersAreBuiltByNameFromPyTorchsDefaults() {
        OptimizerConfig sgd = OptimizerConfig.sgd().momentum(0.9).nesterov(true).weightDecay(5e-4).build();
        assertEquals(new OptimizerConfig(OptimizerConfig.Kind.SGD, 0.9, true, 5e-4, 0, 0, 0), sgd);
        assertEquals(new OptimizerConfig(OptimizerConfig.Kind.ADAM, 0, false, 0, 0.9, 0.999, 1e-8), OptimizerConfig.adam().build());
        OptimizerConfig adam = OptimizerConfig.adam().betas(0.8, 0.95).epsilon(1e-6).weightDecay(1e-2).build();
        assertEquals(new OptimizerConfig(OptimizerConfig.Kind.ADAM, 0, false, 1e-2, 0.8, 0.95, 1e-6), adam);
        assertEquals(sgd, sgd.toBuilder().build());
        assertEquals(0.0, sgd.toBuilder().weightDecay(0).build().weightDecay());
        assertEquals("sgd (momentum 0.9, Nesterov, weight decay 0.0005)", sgd.toString());
        // a setting of the other kind is refused, not ignored
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> OptimizerConfig.adam().momentum(0.9).build());
        assertEquals("momentum and Nesterov are SGD's; Adam has its own moments (betas)", e.getMessage());
        e = assertThrows(IllegalArgumentException.class, () -> OptimizerConfig.sgd().betas(0.9, 0.99).build());
        assertEquals("betas and epsilon are Adam's; SGD has none", e.getMessage());
    }
}
