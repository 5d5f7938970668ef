/**
 * Keras HDF5 weights: {@link dev.kiln.interop.keras.KerasWeightsFile} reads the Keras 2 and
 * Keras 3 layouts with jHDF, {@link dev.kiln.interop.keras.KerasToSpec} (the only class here that
 * reads Kiln's spec) pairs Keras layers with Kiln's and converts the layouts. Reached through
 * {@link dev.kiln.interop.WeightFiles}.
 */
package dev.kiln.interop.keras;
