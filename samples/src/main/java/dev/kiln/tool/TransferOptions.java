package dev.kiln.tool;

import dev.kiln.runtime.KilnException;
import dev.kiln.runtime.train.FineTune;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/**
 * {@code kiln train}'s transfer-learning options, parsed into the runtime's {@link FineTune}
 * (which {@code TrainConfig} carries, so the Java API has the same settings).
 *
 * @param fineTune what the options say
 */
record TransferOptions(FineTune fineTune) {
    static final List<Option> OPTIONS = List.of(
            Option.value("init-from", "FILE", "start from this checkpoint: tensors whose name and shape match load, the"
                    + " rest keep their initial values (all three are listed)"),
            Option.value("init-map", "OLD=NEW,...", "read the --init-from file's layer prefix OLD as this network's NEW"),
            Option.value("freeze", "LAYER,...", "keep these layers' parameters exactly as they start; their update is skipped"),
            Option.value("lr-scale", "LAYER=F,...", "multiply these layers' learning rates by F"));

    static TransferOptions from(Args args) {
        FineTune f = FineTune.NONE;
        if (args.has("init-from")) {
            Path file = args.path("init-from", null);
            if (!Files.isRegularFile(file)) {
                throw new KilnException("--init-from " + file + ": no such file; give a safetensors checkpoint, e.g."
                        + " runs/NAME/best.safetensors from an earlier kiln train");
            }
            f = f.withInitFrom(file);
        }
        if (args.has("init-map")) {
            if (!args.has("init-from")) {
                throw new UsageException("--init-map renames the tensors of --init-from FILE; give --init-from too");
            }
            f = f.withInitMap(FineTune.parseMap(args.string("init-map", "")));
        }
        if (args.has("freeze")) {
            f = f.withFreeze(FineTune.parseLayers(args.string("freeze", "")));
        }
        if (args.has("lr-scale")) {
            f = f.withLrScale(FineTune.parseScales(args.string("lr-scale", "")));
        }
        return new TransferOptions(f);
    }
}
