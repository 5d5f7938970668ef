/**
 * Labelled images in memory and where they come from: the IDX reader (raw or gzip), Fashion-MNIST
 * at the Debian package's location or a named directory, the seeded train/validation split and the
 * seeded mini-batch order. Everything here validates its input completely before allocating for it,
 * and reports bad files with {@link dev.kiln.runtime.data.IdxFormatException}. The trainer and the
 * command line call it; nothing here depends on a backend.
 */
package dev.kiln.runtime.data;
