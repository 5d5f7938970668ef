package dev.kiln.bench;

import dev.kiln.runtime.KilnModel;
import java.util.ArrayList;
import java.util.List;
import java.util.ServiceLoader;

/** Finds a generated {@code FooModel} by its spec's qualified name, through the service registrations the processor writes. */
final class KilnModels {
    private KilnModels() {
    }

    static KilnModel find(String qualifiedName) {
        List<String> seen = new ArrayList<>();
        for (KilnModel m : ServiceLoader.load(KilnModel.class)) {
            if (m.spec().qualifiedName().equals(qualifiedName)) {
                return m;
            }
            seen.add(m.spec().qualifiedName());
        }
        throw new IllegalStateException("no generated model for " + qualifiedName + " on the class path; the processor registered "
                + seen + ". Rebuild with ./bench.sh (mvn -Pbench -pl bench -am package).");
    }
}
