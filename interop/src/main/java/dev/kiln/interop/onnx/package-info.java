/**
 * ONNX in and out. Export: {@link dev.kiln.interop.onnx.OnnxExport} (façade) over
 * {@code SpecToOnnx} (the only export class that reads Kiln's spec) and {@code OnnxGraph} (names,
 * initializers, attributes). Import: {@link dev.kiln.interop.onnx.OnnxImport} (façade, writes
 * nothing unless everything maps) over {@link dev.kiln.interop.onnx.OnnxModels} (bounded parsing),
 * {@code OnnxToKiln} (the only import class that reads Kiln's spec: the graph walk),
 * {@code SpecSource} (the Java source) and {@code OnnxTensors} (checked tensor decoding). The
 * protobuf classes {@code onnx.Onnx.*} are generated at build time from ONNX's {@code onnx.proto}.
 * Called by the {@code kiln} tool's export and import verbs.
 */
package dev.kiln.interop.onnx;
