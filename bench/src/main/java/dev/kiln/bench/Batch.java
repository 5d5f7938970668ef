package dev.kiln.bench;

/** A mini-batch ready for any contestant: {@code size} images {@code (N, C, H, W)} flat and their class indices. */
record Batch(float[] images, int[] labels, int size) {
}
