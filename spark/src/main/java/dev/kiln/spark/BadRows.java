package dev.kiln.spark;

/** What batch inference does with a row whose image cannot be read (null, damaged, wrong size, not finite). */
public enum BadRows {
    /** Fail the task, and so the job, with a {@link BadRowException} naming the row. Spark's session stays usable. */
    FAIL,
    /**
     * Leave the row out of the result and count it ({@link SparkClassifier#skippedRows()}). The count
     * is a Spark accumulator updated inside a transformation: a partition computed twice (no cache,
     * two actions) counts its bad rows twice.
     */
    SKIP
}
