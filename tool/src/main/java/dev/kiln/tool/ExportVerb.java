package dev.kiln.tool;

import dev.kiln.interop.onnx.OnnxExport;
import dev.kiln.runtime.KilnModel;
import dev.kiln.runtime.data.Dataset;
import dev.kiln.runtime.data.Normalization;
import dev.kiln.runtime.io.Checkpoints;
import dev.kiln.spec.Shape;
import java.nio.file.Path;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/**
 * {@code kiln export SPEC --weights FILE --onnx OUT.onnx [--opset N]}: the network as a standard ONNX model that
 * takes the pixels {@code kiln predict} takes: the checkpoint's normalisation is part of the graph.
 */
@Command(name = "export", description = "write a network and its weights as an ONNX model (evaluation mode) for ONNX "
        + "Runtime and other tools")
final class ExportVerb extends Verb {
    @Mixin
    ModelOptions network;
    @Mixin
    WeightsOption weights;

    @Option(names = "--onnx", paramLabel = "OUT.onnx", required = true, description = "the ONNX file to write")
    Path onnx;

    @Option(names = "--opset", paramLabel = "N", description = "ONNX opset, " + OnnxExport.MIN_OPSET + " to "
            + OnnxExport.MAX_OPSET + " (default: " + OnnxExport.DEFAULT_OPSET + ")")
    int opset = OnnxExport.DEFAULT_OPSET;

    @Mixin
    OverwriteOption overwrite;

    @Override
    int run(Session session) {
        KilnModel model = network.model();
        overwrite.claim("--onnx", onnx);
        Checkpoints.Loaded loaded = weights.load(model);
        String recorded = weights.metadata().get(Dataset.METADATA_NORMALIZE);
        Normalization normalize = recorded == null ? Normalization.NONE : Normalization.parse(recorded);
        OnnxExport.write(onnx, model.spec(), loaded.params(), loaded.state(), normalize, opset);
        Shape in = model.spec().input();
        Shape out = model.spec().output();
        session.out.printf("wrote %s: %s, opset %d, input 'input' (batch, %d, %d, %d)%s, output 'output' (batch, %s%n", onnx,
                model.spec().simpleName(), opset, in.channels(), in.height(), in.width(), normalize.isNone() ? ""
                        : " pixels in [0, 1] normalised inside the graph with the checkpoint's " + normalize
                        + " (Sub means, Div stds)", out.isVector() ? out.channels() + ")" : out.toString().substring(1));
        return 0;
    }
}
