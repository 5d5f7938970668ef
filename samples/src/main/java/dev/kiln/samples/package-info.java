/**
 * Sample networks, written as a user's project would write them, and the small data helpers
 * they need: {@link dev.kiln.samples.LeNet5}, {@link dev.kiln.samples.FashionCnn},
 * {@link dev.kiln.samples.EdgeDetector} (with {@link dev.kiln.samples.EdgeTargets}),
 * {@link dev.kiln.samples.FootwearClassifier} (with {@link dev.kiln.samples.Footwear}) and the RGB
 * {@link dev.kiln.samples.ColourShapes} (with {@link dev.kiln.samples.ColourShapesData}).
 */
package dev.kiln.samples;
