package dev.kiln.tool;

import dev.kiln.interop.onnx.OnnxExport;
import dev.kiln.runtime.KilnModel;
import java.nio.file.Path;
import java.util.List;

/** {@code kiln export SPEC --weights FILE --onnx OUT.onnx [--opset N]}: the network as a standard ONNX model. */
final class ExportVerb implements Verb {
    @Override
    public String name() {
        return "export";
    }

    @Override
    public String description() {
        return "write the network and its weights as an ONNX model (evaluation mode) for ONNX Runtime and others";
    }

    @Override
    public String synopsis() {
        return "export SPEC --weights FILE --onnx OUT.onnx [--opset N] [options]";
    }

    @Override
    public List<Option> options() {
        return List.of(
                Option.value("weights", "FILE", "a safetensors file written by kiln train, or Keras .h5 weights"),
                Session.KERAS_ORDER,
                Option.value("onnx", "OUT.onnx", "the ONNX file to write"),
                Option.value("opset", "N", "ONNX opset, " + OnnxExport.MIN_OPSET + " to " + OnnxExport.MAX_OPSET
                        + " (default " + OnnxExport.DEFAULT_OPSET + ")"));
    }

    @Override
    public int run(Args args, Session session) {
        KilnModel model = session.model(args.single("spec name"));
        Path out = Path.of(args.required("onnx", "the ONNX file to write, e.g. --onnx " + model.spec().simpleName() + ".onnx"));
        int opset = args.integer("opset", OnnxExport.DEFAULT_OPSET, 1);
        float[] weights = session.weights(model);
        OnnxExport.write(out, model.spec(), weights, opset);
        session.out.printf("wrote %s: %s, opset %d, input 'input' (batch, %d, %d, %d), output 'output' %s%n", out,
                model.spec().simpleName(), opset, model.spec().input().channels(), model.spec().input().height(),
                model.spec().input().width(), model.spec().output().isVector()
                        ? "(batch, " + model.spec().output().channels() + ")"
                        : "(batch, " + model.spec().output().toString().substring(1));
        return 0;
    }
}
