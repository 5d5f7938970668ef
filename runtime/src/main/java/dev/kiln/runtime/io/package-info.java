/**
 * Weights on disk: the safetensors format (Hugging Face's: an 8-byte little-endian header length,
 * a JSON header of named tensors, the raw little-endian payload), written atomically with a CRC-32C
 * of the payload, and read with every header field validated against the file's length before
 * anything is allocated. {@link dev.kiln.runtime.io.Checkpoints} maps a network's flat parameter
 * array to PyTorch-named tensors. Damaged or mismatched files give
 * {@link dev.kiln.runtime.io.CheckpointException}, never another exception and never a partial load.
 * The trainer and the command line call it.
 */
package dev.kiln.runtime.io;
