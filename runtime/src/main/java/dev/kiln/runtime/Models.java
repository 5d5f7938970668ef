package dev.kiln.runtime;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.ServiceConfigurationError;
import java.util.ServiceLoader;

/**
 * Finds the generated models on a class path. Kiln's processor registers every {@code FooModel}
 * under {@code META-INF/services/dev.kiln.runtime.KilnModel}, so a model is found by its spec's
 * simple name ({@code LeNet5}) or qualified name ({@code dev.kiln.samples.LeNet5}).
 */
public final class Models {
    private Models() {
    }

    /** Every model registered on the context class loader's class path, sorted by qualified name. */
    public static List<KilnModel> all() {
        return all(contextLoader());
    }

    /** Every model registered on {@code loader}'s class path, sorted by qualified name. */
    public static List<KilnModel> all(ClassLoader loader) {
        List<KilnModel> models = new ArrayList<>();
        try {
            for (KilnModel m : ServiceLoader.load(KilnModel.class, loader)) {
                models.add(m);
            }
        } catch (ServiceConfigurationError e) {
            throw new KilnException("a registered Kiln model could not be loaded: " + e.getMessage()
                    + ". Rebuild the project that holds the @Network classes so that the generated models match the runtime.", e);
        }
        models.sort(Comparator.comparing(m -> m.spec().qualifiedName()));
        return models;
    }

    /** The model whose spec is named {@code name} (simple or qualified), on the context class loader's class path. */
    public static KilnModel find(String name) {
        return find(name, contextLoader());
    }

    /**
     * The model whose spec is named {@code name}, simple or qualified. Throws a {@link KilnException}
     * listing the models found when there is none, or when a simple name matches more than one.
     */
    public static KilnModel find(String name, ClassLoader loader) {
        List<KilnModel> models = all(loader);
        for (KilnModel m : models) {
            if (m.spec().qualifiedName().equals(name)) {
                return m;
            }
        }
        List<KilnModel> matches = models.stream().filter(m -> m.spec().simpleName().equals(name)).toList();
        if (matches.size() == 1) {
            return matches.get(0);
        }
        if (matches.size() > 1) {
            throw new KilnException("the name '" + name + "' matches " + matches.size() + " models: " + names(matches)
                    + ". Use the qualified name.");
        }
        if (models.isEmpty()) {
            throw new KilnException("no model named '" + name + "': no Kiln model is registered on the class path. "
                    + "Compile the @Network classes with Kiln's processor (annotationProcessorPaths) and put them on the class path.");
        }
        java.util.Set<String> known = new java.util.TreeSet<>();
        models.forEach(m -> {
            known.add(m.spec().simpleName());
            known.add(m.spec().qualifiedName());
        });
        java.util.Optional<String> nearest = NearestName.of(name, known);
        if (nearest.isPresent()) {
            throw new KilnException("no model named '" + name + "'; did you mean " + nearest.get() + "?");
        }
        throw new KilnException("no model named '" + name + "'; the models found are " + names(models) + ".");
    }

    private static List<String> names(List<KilnModel> models) {
        return models.stream().map(m -> m.spec().qualifiedName()).toList();
    }

    private static ClassLoader contextLoader() {
        ClassLoader l = Thread.currentThread().getContextClassLoader();
        return l != null ? l : Models.class.getClassLoader();
    }
}
