/**
 * Sample networks, written as a user's project would write them: {@link dev.kiln.samples.LeNet5},
 * {@link dev.kiln.samples.FashionCnn}, {@link dev.kiln.samples.EdgeDetector},
 * {@link dev.kiln.samples.FootwearClassifier} and the RGB {@link dev.kiln.samples.ColourShapes}
 * with the synthetic images it learns from ({@link dev.kiln.samples.ColourShapesData}), the graph
 * and image-folder samples, and {@link dev.kiln.samples.Recipe}: what each kind of network trains on
 * by default, which the {@code kiln} tool (module {@code tool}) starts from.
 */
package dev.kiln.samples;
