package dev.kiln.processor;

import com.google.auto.service.AutoService;
import com.palantir.javapoet.ClassName;
import com.palantir.javapoet.JavaFile;
import dev.kiln.processor.model.LayerAnnotations;
import dev.kiln.processor.model.NetworkDescriptor;
import dev.kiln.processor.model.NetworkReader;
import dev.kiln.processor.model.UnreadableSpecException;
import dev.kiln.processor.validation.Anchor;
import dev.kiln.processor.validation.Diagnostic;
import dev.kiln.processor.validation.Message;
import dev.kiln.processor.validation.NetworkValidator;
import dev.kiln.processor.validation.ValidationReport;
import dev.kiln.processor.writer.GeneratedNames;
import dev.kiln.processor.writer.java.JavaPassWriter;
import dev.kiln.processor.writer.model.ModelWriter;
import dev.kiln.processor.writer.opencl.OpenClWriter;
import dev.kiln.spec.NetworkSpec;
import java.io.IOException;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.util.HashSet;
import java.util.Set;
import java.util.TreeSet;
import javax.annotation.processing.AbstractProcessor;
import javax.annotation.processing.FilerException;
import javax.annotation.processing.Messager;
import javax.annotation.processing.ProcessingEnvironment;
import javax.annotation.processing.Processor;
import javax.annotation.processing.RoundEnvironment;
import javax.lang.model.SourceVersion;
import javax.lang.model.element.Element;
import javax.lang.model.element.ElementKind;
import javax.lang.model.element.TypeElement;
import javax.tools.FileObject;
import javax.tools.StandardLocation;

/**
 * Kiln's annotation processor. For every {@code @Network} class it reads a descriptor, validates
 * it completely, and, only when there is no error, writes {@code FooModel}, {@code FooJavaPass},
 * {@code FooOpenCl} and {@code FooModel.cl}. At the end it writes the
 * {@code META-INF/services/dev.kiln.runtime.KilnModel} registration for every model of the
 * compilation. Nothing escapes {@link #process}: a failure on one network is reported as a
 * {@code [kiln:internal]} error on it, and the others go on.
 */
@AutoService(Processor.class)
public final class KilnProcessor extends AbstractProcessor {
    static final String SERVICE_FILE = "META-INF/services/dev.kiln.runtime.KilnModel";

    private final Set<String> processed = new HashSet<>();
    private final Set<String> models = new TreeSet<>();
    private NetworkReader reader;
    private final NetworkValidator validator = new NetworkValidator();
    private ClassName generatedAnnotation;
    private SourceDump dump;

    @Override
    public Set<String> getSupportedAnnotationTypes() {
        Set<String> types = new TreeSet<>(LayerAnnotations.names());
        types.add(LayerAnnotations.NETWORK);
        return types;
    }

    @Override
    public Set<String> getSupportedOptions() {
        return Set.of(SourceDump.OPTION);
    }

    @Override
    public SourceVersion getSupportedSourceVersion() {
        return SourceVersion.latestSupported();
    }

    @Override
    public synchronized void init(ProcessingEnvironment env) {
        super.init(env);
        reader = new NetworkReader(env.getElementUtils());
        boolean java9 = env.getSourceVersion().compareTo(SourceVersion.RELEASE_8) > 0;
        if (java9 && env.getElementUtils().getTypeElement("javax.annotation.processing.Generated") != null) {
            generatedAnnotation = ClassName.get("javax.annotation.processing", "Generated");
        } else if (env.getElementUtils().getTypeElement("javax.annotation.Generated") != null) {
            generatedAnnotation = ClassName.get("javax.annotation", "Generated");
        }
        dump = new SourceDump(env.getOptions().get(SourceDump.OPTION));
    }

    @Override
    public boolean process(Set<? extends TypeElement> annotations, RoundEnvironment round) {
        try {
            TypeElement network = processingEnv.getElementUtils().getTypeElement(LayerAnnotations.NETWORK);
            if (network != null) {
                for (Element element : round.getElementsAnnotatedWith(network)) {
                    if (element instanceof TypeElement type && processed.add(type.getQualifiedName().toString())) {
                        processSafely(type);
                    }
                }
            }
            reportLayersOutsideNetworks(round);
            if (round.processingOver()) {
                writeServiceFile();
            }
        } catch (RuntimeException | IOException | StackOverflowError bug) {
            processingEnv.getMessager().printMessage(javax.tools.Diagnostic.Kind.ERROR,
                    Message.INTERNAL.format("Kiln", bug.toString()));
        }
        return false;
    }

    private void processSafely(TypeElement type) {
        try {
            process(type);
        } catch (UnreadableSpecException unresolved) {
            // javac has reported the unresolved value or type; there is nothing to add.
        } catch (RuntimeException | IOException | StackOverflowError bug) {
            processingEnv.getMessager().printMessage(javax.tools.Diagnostic.Kind.ERROR,
                    Message.INTERNAL.format(type.getSimpleName(), bug), type);
        }
    }

    private void process(TypeElement type) throws UnreadableSpecException, IOException {
        NetworkDescriptor descriptor = reader.read(type);
        ValidationReport report = validator.validate(descriptor);
        for (Diagnostic d : report.diagnostics()) {
            print(d);
        }
        if (report.spec().isEmpty()) {
            return;
        }
        NetworkSpec spec = report.spec().get();
        ClassName model = GeneratedNames.model(spec);
        try {
            writeSource(ModelWriter.write(spec, type, generatedAnnotation), type);
            writeSource(JavaPassWriter.write(spec, type), type);
            writeSource(OpenClWriter.write(spec, type), type);
            writeKernelSource(spec, type);
        } catch (FilerException taken) {
            processingEnv.getMessager().printMessage(javax.tools.Diagnostic.Kind.ERROR,
                    Message.GENERATED_NAME_TAKEN.format(type.getSimpleName(), model.simpleName(), taken.getMessage()), type);
            return;
        }
        models.add(model.canonicalName());
    }

    private void writeSource(JavaFile file, TypeElement origin) throws IOException {
        file.writeTo(processingEnv.getFiler());
        if (dump.enabled()) {
            String path = (file.packageName().isEmpty() ? "" : file.packageName().replace('.', '/') + "/")
                    + file.typeSpec().name() + ".java";
            dump.dump(path, file.toString());
        }
    }

    private void writeKernelSource(NetworkSpec spec, TypeElement origin) throws IOException {
        String source = OpenClWriter.source(spec);
        String pkg = GeneratedNames.packageName(spec);
        FileObject resource = processingEnv.getFiler().createResource(StandardLocation.CLASS_OUTPUT, pkg,
                GeneratedNames.openClResource(spec), origin);
        try (Writer w = resource.openWriter()) {
            w.write(source);
        }
        dump.dump((pkg.isEmpty() ? "" : pkg.replace('.', '/') + "/") + GeneratedNames.openClResource(spec), source);
    }

    /**
     * Registers this compilation's models, keeping those an earlier compilation registered in the same
     * class folder (as AutoService does) while their classes are still there: two specs compiled one
     * after the other into one folder both stay visible.
     */
    private void writeServiceFile() throws IOException {
        if (models.isEmpty()) {
            return;
        }
        Set<String> all = new TreeSet<>(models);
        all.addAll(registeredEarlier());
        FileObject file = processingEnv.getFiler().createResource(StandardLocation.CLASS_OUTPUT, "", SERVICE_FILE);
        try (Writer w = new java.io.OutputStreamWriter(file.openOutputStream(), StandardCharsets.UTF_8)) {
            for (String model : all) {
                w.write(model);
                w.write('\n');
            }
        }
    }

    /** The models the class folder's registration already lists whose classes are still there; none when there is no file. */
    private Set<String> registeredEarlier() {
        Set<String> kept = new TreeSet<>();
        javax.annotation.processing.Filer filer = processingEnv.getFiler();
        String text;
        try (java.io.InputStream in = filer.getResource(StandardLocation.CLASS_OUTPUT, "", SERVICE_FILE).openInputStream()) {
            text = new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException | RuntimeException none) {
            return kept;
        }
        for (String line : text.split("\n")) {
            String name = line.strip();
            if (name.isEmpty() || name.startsWith("#") || models.contains(name)) {
                continue;
            }
            int dot = name.lastIndexOf('.');
            try (java.io.InputStream cls = filer.getResource(StandardLocation.CLASS_OUTPUT, dot < 0 ? "" : name.substring(0, dot),
                    name.substring(dot + 1) + ".class").openInputStream()) {
                kept.add(name);
            } catch (IOException | RuntimeException gone) {
                // its class was removed since: drop the registration
            }
        }
        return kept;
    }

    /** A layer annotation on a field of a class without {@code @Network} would be silently ignored; say so. */
    private void reportLayersOutsideNetworks(RoundEnvironment round) {
        for (String name : LayerAnnotations.names()) {
            TypeElement annotation = processingEnv.getElementUtils().getTypeElement(name);
            if (annotation == null) {
                continue;
            }
            for (Element field : round.getElementsAnnotatedWith(annotation)) {
                Element owner = field.getEnclosingElement();
                boolean inNetwork = owner != null && owner.getAnnotationMirrors().stream().anyMatch(m ->
                        ((TypeElement) m.getAnnotationType().asElement()).getQualifiedName().contentEquals(LayerAnnotations.NETWORK));
                if (!inNetwork && field.getKind() == ElementKind.FIELD) {
                    Anchor at = Anchor.on(field, field.getAnnotationMirrors().stream().filter(m ->
                            ((TypeElement) m.getAnnotationType().asElement()).getQualifiedName().contentEquals(name))
                            .findFirst().orElse(null));
                    print(new Diagnostic(javax.tools.Diagnostic.Kind.ERROR, Message.LAYER_OUTSIDE_NETWORK.format(
                            field.getSimpleName(), annotation.getSimpleName(), owner == null ? "its class" : owner.getSimpleName()), at));
                }
            }
        }
    }

    private void print(Diagnostic d) {
        Messager messager = processingEnv.getMessager();
        Anchor a = d.anchor();
        if (a.mirror() != null && a.value() != null) {
            messager.printMessage(d.kind(), d.text(), a.element(), a.mirror(), a.value());
        } else if (a.mirror() != null) {
            messager.printMessage(d.kind(), d.text(), a.element(), a.mirror());
        } else {
            messager.printMessage(d.kind(), d.text(), a.element());
        }
    }
}
