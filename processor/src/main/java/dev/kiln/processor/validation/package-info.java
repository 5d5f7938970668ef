/**
 * Stage two of the processor: judges a {@link dev.kiln.processor.model.NetworkDescriptor}
 * completely, infers every layer's shape with the {@link dev.kiln.spec} arithmetic (in
 * overflow-checked long arithmetic first, so that no value, however large, can wrap), and returns a
 * {@link dev.kiln.processor.validation.ValidationReport}: every diagnostic, anchored where the user
 * will fix it, and the {@link dev.kiln.spec.NetworkSpec} when there is no error. Every message text
 * lives in {@link dev.kiln.processor.validation.Message}. Called only by the processor.
 */
package dev.kiln.processor.validation;
