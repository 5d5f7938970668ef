/**
 * Picture files as network input: {@link dev.kiln.runtime.data.image.ImageDecoder} turns the bytes
 * of a PNG, JPEG, BMP or GIF into a {@code (C, H, W)} array of unsigned bytes for a network's input
 * shape (luminance or RGB, bilinear resize by stretching, cropping or padding), refusing anything
 * else with an {@link dev.kiln.runtime.data.image.ImageDecodeException} that names the file. It
 * holds no state and is safe to share between threads and to ship to Spark executors. The image
 * folder loader, the {@code kiln} tool's {@code --image} options and the Spark module call it.
 */
package dev.kiln.runtime.data.image;
