/**
 * The immutable, validated network model shared by the processor (which builds it while checking
 * a spec) and the runtime (which the generated model hands the same description). Pure data and
 * shape arithmetic; no dependencies beyond the DSL's enums.
 */
package dev.kiln.spec;
