package dev.kiln.spark;

import dev.kiln.runtime.KilnException;
import java.io.IOException;
import java.io.OutputStream;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.security.CodeSource;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.jar.JarEntry;
import java.util.jar.JarOutputStream;
import java.util.stream.Stream;

/**
 * What a cluster's executors need on their class path, as jars Spark can ship ({@code spark.jars},
 * {@code SparkContext.addJar}): a jar is shipped as it is; a class directory (a build's
 * {@code target/classes}, a user's {@code --classpath} folder) is packed into a jar first, in a cache
 * folder, named by a hash of its contents so an unchanged folder is packed once.
 */
final class JarShipping {
    private final Path cache;
    private final Set<Path> done = new LinkedHashSet<>();

    JarShipping(Path cache) {
        this.cache = cache;
    }

    /** The folder or jar {@code type} was loaded from, or null (a JDK class). */
    static Path codeSource(Class<?> type) {
        CodeSource source = type.getProtectionDomain().getCodeSource();
        if (source == null || source.getLocation() == null) {
            return null;
        }
        try {
            return Path.of(source.getLocation().toURI());
        } catch (URISyntaxException | IllegalArgumentException e) {
            return null;
        }
    }

    /**
     * The jars to ship for {@code entries} not shipped yet by this instance (jars as they are, folders packed),
     * as absolute paths.
     */
    List<String> jarsFor(List<Path> entries) {
        List<String> jars = new ArrayList<>();
        for (Path entry : entries) {
            if (entry == null) {
                continue;
            }
            Path e = entry.toAbsolutePath().normalize();
            if (!done.add(e)) {
                continue;
            }
            if (Files.isDirectory(e)) {
                jars.add(pack(e).toString());
            } else if (Files.isRegularFile(e) && e.getFileName().toString().endsWith(".jar")) {
                jars.add(e.toString());
            } else if (!Files.exists(e)) {
                throw new KilnException("--classpath " + entry + ": no such file or folder");
            }
        }
        return jars;
    }

    /** {@code dir}'s files in a jar in the cache (sorted entries, fixed times: the same folder gives the same jar). */
    private Path pack(Path dir) {
        try {
            List<Path> files;
            try (Stream<Path> s = Files.walk(dir)) {
                files = s.filter(Files::isRegularFile).sorted().toList();
            }
            MessageDigest digest = MessageDigest.getInstance("SHA-256");
            for (Path f : files) {
                digest.update(dir.relativize(f).toString().getBytes(java.nio.charset.StandardCharsets.UTF_8));
                digest.update(Files.readAllBytes(f));
            }
            String hash = HexFormat.of().formatHex(digest.digest()).substring(0, 16);
            String base = dir.getFileName() == null ? "classes" : dir.getFileName().toString();
            if (base.equals("classes") && dir.getParent() != null && dir.getParent().getParent() != null) {
                base = dir.getParent().getParent().getFileName() + "-classes"; // runtime/target/classes: runtime-classes
            }
            Files.createDirectories(cache);
            Path jar = cache.resolve(base + "-" + hash + ".jar");
            if (Files.isRegularFile(jar)) {
                return jar;
            }
            Path partial = Files.createTempFile(cache, base, ".jar.part");
            try (OutputStream out = Files.newOutputStream(partial); JarOutputStream zip = new JarOutputStream(out)) {
                for (Path f : files) {
                    JarEntry entry = new JarEntry(dir.relativize(f).toString().replace('\\', '/'));
                    entry.setTime(0);
                    zip.putNextEntry(entry);
                    Files.copy(f, zip);
                    zip.closeEntry();
                }
            }
            Files.move(partial, jar, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
            return jar;
        } catch (IOException e) {
            throw new KilnException("cannot pack " + dir + " into a jar for the executors: " + e.getMessage(), e);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
