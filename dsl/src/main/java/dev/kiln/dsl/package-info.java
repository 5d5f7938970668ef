/**
 * The Kiln DSL: annotate the {@link dev.kiln.dsl.Layer} fields of an abstract
 * {@link dev.kiln.dsl.Network} class, one field per layer in order. Each layer reads the previous
 * field's output unless its {@code from} names earlier layers (or {@code "input"}, the network
 * input), so that a network may branch and merge ({@link dev.kiln.dsl.Add}, {@link dev.kiln.dsl.Concat});
 * every layer but the last must be read by a later one, and the last field is the output.
 * Everything here is a public contract; it only grows.
 */
package dev.kiln.dsl;
