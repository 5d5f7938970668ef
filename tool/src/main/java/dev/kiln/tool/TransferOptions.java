package dev.kiln.tool;

import dev.kiln.runtime.KilnException;
import dev.kiln.runtime.train.FineTune;
import java.nio.file.Files;
import java.nio.file.Path;
import picocli.CommandLine.Option;

/**
 * The mixin of {@code kiln train}'s transfer-learning options, turned into the runtime's
 * {@link FineTune} (which {@code TrainConfig} carries, so the Java API has the same settings).
 */
final class TransferOptions {
    @Option(names = "--init-from", paramLabel = "FILE", description = "start from this checkpoint: tensors whose name and "
            + "shape match load, the rest keep their initial values (all are listed)")
    Path initFrom;

    @Option(names = "--init-map", paramLabel = "OLD=NEW,...", description = "read the --init-from file's layer prefix OLD "
            + "as this network's NEW")
    String initMap;

    @Option(names = "--freeze", paramLabel = "LAYER,...", description = "keep these layers' parameters exactly as they "
            + "start; their update is skipped")
    String freeze;

    @Option(names = "--lr-scale", paramLabel = "LAYER=F,...", description = "multiply these layers' learning rates by F")
    String lrScale;

    FineTune fineTune() {
        FineTune f = FineTune.NONE;
        if (initFrom != null) {
            if (!Files.isRegularFile(initFrom)) {
                throw new KilnException("--init-from " + initFrom + ": no such file; give a safetensors checkpoint, e.g."
                        + " runs/NAME/best.safetensors from an earlier kiln train");
            }
            f = f.withInitFrom(initFrom);
        }
        if (initMap != null) {
            if (initFrom == null) {
                throw new UsageException("--init-map renames the tensors of --init-from FILE; give --init-from too");
            }
            f = f.withInitMap(FineTune.parseMap(initMap));
        }
        if (freeze != null) {
            f = f.withFreeze(FineTune.parseLayers(freeze));
        }
        if (lrScale != null) {
            f = f.withLrScale(FineTune.parseScales(lrScale));
        }
        return f;
    }
}
