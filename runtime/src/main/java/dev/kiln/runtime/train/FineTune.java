package dev.kiln.runtime.train;

import dev.kiln.runtime.KilnException;
import dev.kiln.runtime.optim.ParamGroups;
import dev.kiln.spec.NetworkSpec;
import dev.kiln.spec.Op;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Transfer learning settings: where the starting weights come from and which layers learn how fast.
 * A user fine-tunes in phases: first {@code withInitFrom(backbone).withFreeze("c1", "c3")} to train
 * only the new head, then {@code withInitFrom(phase1).withLrScale("c1", 0.1)} to adjust everything
 * gently.
 *
 * @param initFrom a checkpoint to start from (matching names and shapes load, the rest keep their
 *                 seeded initial values); null to start from the seed alone
 * @param initMap  prefix renames from the checkpoint's names to this network's ({@code OLD=NEW})
 * @param freeze   layers whose parameters stay bit for bit as they are
 * @param lrScale  per-layer factors on the learning rate (0 would be {@code freeze})
 */
public record FineTune(Path initFrom, Map<String, String> initMap, Set<String> freeze, Map<String, Double> lrScale) {
    public static final FineTune NONE = new FineTune(null, Map.of(), Set.of(), Map.of());

    /**
     * Copies the maps and the set (keeping their order) and checks every learning-rate factor: positive, finite, and
     * not on a frozen layer.
     */
    public FineTune {
        initMap = java.util.Collections.unmodifiableMap(new LinkedHashMap<>(initMap));
        freeze = java.util.Collections.unmodifiableSet(new LinkedHashSet<>(freeze));
        lrScale = java.util.Collections.unmodifiableMap(new LinkedHashMap<>(lrScale));
        for (Map.Entry<String, Double> e : lrScale.entrySet()) {
            double f = e.getValue();
            if (!(f > 0) || !Double.isFinite(f)) {
                throw new KilnException("--lr-scale " + e.getKey() + "=" + f + ": the factor must be positive and finite"
                        + (f == 0 ? "; to keep a layer fixed, freeze it (--freeze " + e.getKey() + ")" : ""));
            }
            if (freeze.contains(e.getKey())) {
                throw new KilnException("layer " + e.getKey() + " is both frozen and given a learning-rate scale; choose one");
            }
        }
    }

    /** These settings starting from checkpoint {@code v} (null: from the seed alone). */
    public FineTune withInitFrom(Path v) {
        return new FineTune(v, initMap, freeze, lrScale);
    }

    /** These settings with other prefix renames from the checkpoint's names to this network's. */
    public FineTune withInitMap(Map<String, String> v) {
        return new FineTune(initFrom, v, freeze, lrScale);
    }

    /** These settings with other frozen layers (their parameters stay as they are). */
    public FineTune withFreeze(Set<String> v) {
        return new FineTune(initFrom, initMap, v, lrScale);
    }

    /** These settings with other per-layer learning-rate factors. */
    public FineTune withLrScale(Map<String, Double> v) {
        return new FineTune(initFrom, initMap, freeze, v);
    }

    /** Whether any layer learns at other than the base rate. */
    public boolean scalesLayers() {
        return !freeze.isEmpty() || !lrScale.isEmpty();
    }

    /**
     * Each parameter tensor's learning-rate factor (0 for frozen ones), as parameter groups.
     *
     * @throws KilnException naming the unknown layers, and the network's layers, when a layer of
     *                       {@link #freeze} or {@link #lrScale} is not in {@code spec}, or has no parameters
     */
    public ParamGroups groups(NetworkSpec spec) {
        List<String> layerNames = spec.layers().stream().map(Op::name).toList();
        List<String> withParams = spec.params().stream().map(p -> ParamGroups.layerOf(spec, p)).distinct().toList();
        List<String> unknown = new ArrayList<>();
        List<String> empty = new ArrayList<>();
        Set<String> named = new LinkedHashSet<>(freeze);
        named.addAll(lrScale.keySet());
        for (String n : named) {
            if (!layerNames.contains(n)) {
                unknown.add(n);
            } else if (!withParams.contains(n)) {
                empty.add(n);
            }
        }
        if (!unknown.isEmpty()) {
            throw new KilnException(spec.simpleName() + " has no layer " + String.join(", ", unknown)
                    + " (named in --freeze or --lr-scale); its layers with parameters are " + withParams);
        }
        if (!empty.isEmpty()) {
            throw new KilnException(String.join(", ", empty) + " of " + spec.simpleName() + " has no parameters to freeze"
                    + " or scale; the layers with parameters are " + withParams);
        }
        double[] factors = new double[spec.params().size()];
        for (int i = 0; i < factors.length; i++) {
            String layer = ParamGroups.layerOf(spec, spec.params().get(i));
            factors[i] = freeze.contains(layer) ? 0 : lrScale.getOrDefault(layer, 1.0);
        }
        return new ParamGroups(spec, factors);
    }

    /** Parses {@code OLD=NEW,OLD=NEW} as {@code --init-map} takes it. */
    public static Map<String, String> parseMap(String text) {
        Map<String, String> out = new LinkedHashMap<>();
        for (String part : text.split(",")) {
            String[] kv = part.trim().split("=", -1);
            if (kv.length != 2 || kv[0].isBlank() || kv[1].isBlank()) {
                throw new KilnException("--init-map takes OLD=NEW prefixes separated by commas, e.g. features=c;"
                        + " got '" + part.trim() + "'");
            }
            out.put(kv[0].trim(), kv[1].trim());
        }
        return out;
    }

    /** Parses {@code LAYER=F,LAYER=F} as {@code --lr-scale} takes it. */
    public static Map<String, Double> parseScales(String text) {
        Map<String, Double> out = new LinkedHashMap<>();
        for (String part : text.split(",")) {
            String[] kv = part.trim().split("=", -1);
            double f;
            try {
                if (kv.length != 2 || kv[0].isBlank()) {
                    throw new NumberFormatException();
                }
                f = Double.parseDouble(kv[1].trim());
            } catch (NumberFormatException e) {
                throw new KilnException("--lr-scale takes LAYER=FACTOR pairs separated by commas, e.g. c1=0.1;"
                        + " got '" + part.trim() + "'");
            }
            out.put(kv[0].trim(), f);
        }
        return out;
    }

    /** Parses {@code LAYER,LAYER} as {@code --freeze} takes it. */
    public static Set<String> parseLayers(String text) {
        Set<String> out = new LinkedHashSet<>();
        for (String part : text.split(",")) {
            if (!part.isBlank()) {
                out.add(part.trim());
            }
        }
        if (out.isEmpty()) {
            throw new KilnException("--freeze takes layer names separated by commas, e.g. c1,c3");
        }
        return out;
    }
}
