/**
 * Pictures and the training report, drawn with plain Java2D so that they need nothing beyond the
 * JDK and work headless: training curves, the confusion matrix, per-class accuracy, feature-map
 * grids and filter tiles as PNGs, and a self-contained {@code report.html} that embeds them.
 *
 * <p>Every renderer takes plain arrays (not trainer types) and returns a {@link java.awt.image.BufferedImage};
 * {@link dev.kiln.runtime.viz.Pngs} writes or encodes it. Called by the {@code kiln} tool and by anyone
 * who wants the same pictures from their own code.
 */
package dev.kiln.runtime.viz;
