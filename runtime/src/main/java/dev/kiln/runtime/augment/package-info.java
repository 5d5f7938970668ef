/**
 * The double-precision reference of the augmentation transforms (Keras' preprocessing layers:
 * random flip, translation, rotation, zoom and contrast with zeros, nearest or reflect fill), with
 * the per-step random draws they take from the step's seed. It is what generated augmentation code
 * is compared against, and it can augment a batch on its own. Nothing here depends on a backend.
 */
package dev.kiln.runtime.augment;
