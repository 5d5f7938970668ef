/**
 * Models in and out of Kiln: ONNX export and import ({@code onnx}) and Keras HDF5 weights
 * ({@code keras}), with {@link dev.kiln.interop.WeightFiles} choosing a weights reader by a file's
 * magic bytes. Kept out of the runtime so that it stays lean; the {@code kiln} tool depends on it.
 * Every reader here refuses a damaged or hostile file with an {@link dev.kiln.interop.InteropException}.
 */
package dev.kiln.interop;
