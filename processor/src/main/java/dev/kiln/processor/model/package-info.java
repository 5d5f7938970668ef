/**
 * Stage one of the processor: reads an annotated {@code @Network} class into an immutable
 * {@link dev.kiln.processor.model.NetworkDescriptor}. Nothing here judges the values; it keeps the
 * raw attribute values together with the element, annotation mirror and annotation value each came
 * from, so that the validation stage can anchor every message where the user will fix it. Called
 * only by {@link dev.kiln.processor.KilnProcessor}; read by the validation stage.
 */
package dev.kiln.processor.model;
