/**
 * Pure-Java decoders for the compressed sections ELF files carry: zlib ({@code SHF_COMPRESSED} type 1 and legacy
 * {@code .zdebug_*}), zstd ({@code SHF_COMPRESSED} type 2, through aircompressor's pure-Java decoder because
 * Commons Compress' zstd stream needs the native zstd-jni) and xz ({@code .gnu_debugdata}, through org.tukaani.xz).
 * Every decoder bounds its output, so hostile input cannot exhaust the heap, and reports every failure as a
 * {@link io.tinydbg.bytes.MalformedInputException}.
 */
package io.tinydbg.elf.compress;
