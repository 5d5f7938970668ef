/**
 * The Kiln DSL: annotate the {@link dev.kiln.dsl.Layer} fields of an abstract
 * {@link dev.kiln.dsl.Network} class, one field per layer in order. Everything here is a public
 * contract; it only grows.
 */
package dev.kiln.dsl;
