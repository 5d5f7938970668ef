package dev.kiln.processor.writer.opencl;

/** A buffer as the planner sizes it; written into {@code FooOpenCl} as the runtime's {@code OpenClBuffer}. */
record PlannedBuffer(String name, long perImage, long fixed, boolean integer) {
}
