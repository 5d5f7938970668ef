package dev.kiln.tool;

import dev.kiln.runtime.KilnException;
import dev.kiln.runtime.data.Dataset;
import dev.kiln.runtime.data.Normalization;
import dev.kiln.runtime.data.image.ImageDecodeException;
import dev.kiln.runtime.data.image.ImageDecoder;
import dev.kiln.runtime.data.image.Resize;
import dev.kiln.spec.Shape;
import java.nio.file.Files;
import java.nio.file.Path;

/** One network input: image {@code N} of a dataset, or a picture file scaled to the network's input. */
final class InputImages {
    private InputImages() {
    }

    /** Image {@code index} of {@code data}, {@code (C, H, W)} floats. */
    static float[] fromDataset(Dataset data, int index) {
        if (index < 0 || index >= data.size()) {
            throw new KilnException("--index " + index + " is outside " + data.name() + ", which holds images 0 to "
                    + (data.size() - 1));
        }
        return data.image(index);
    }

    /**
     * A PNG, JPEG, BMP or GIF decoded as the training pictures were ({@link ImageDecoder}: grey
     * levels for one channel or RGB for three, resized bilinearly by {@code resize}), scaled to
     * [0, 1] and standardised by {@code normalization}. Fashion-MNIST shows light clothes on black:
     * {@code invert} turns a photo of a dark object on white into that convention (before normalising).
     */
    static float[] fromFile(Path file, Shape input, boolean invert, Resize resize, Normalization normalization) {
        if (!Files.isRegularFile(file)) {
            throw new KilnException("--image " + file + ": no such file");
        }
        if (input.channels() != 1 && input.channels() != 3) {
            throw new KilnException("--image works for networks taking 1 (grey) or 3 (RGB) channels; this one takes " + input);
        }
        byte[] chw;
        try {
            chw = new ImageDecoder(input.channels(), input.height(), input.width(), resize).decode(file);
        } catch (ImageDecodeException e) {
            // a truncated or damaged file: the decoder's reason in one line, not its stack trace
            throw new KilnException("--image " + file + ": not a readable image (" + e.getMessage() + ")", e);
        }
        float[] pixels = new float[chw.length];
        ImageDecoder.toUnit(chw, 0, chw.length, pixels, 0);
        if (invert) {
            for (int i = 0; i < pixels.length; i++) {
                pixels[i] = 1 - pixels[i];
            }
        }
        int plane = input.height() * input.width();
        for (int c = 0; c < input.channels(); c++) {
            normalization.apply(pixels, c * plane, plane, c);
        }
        return pixels;
    }
}
