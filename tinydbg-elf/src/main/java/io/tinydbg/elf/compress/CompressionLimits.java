package io.tinydbg.elf.compress;

/**
 * How many bytes a compressed section may expand to. Real debug sections expand 3 to 10 times; a header that claims
 * far more is hostile or corrupt, and believing it would allocate gigabytes. The bound is relative to the size of
 * the whole file (so a tiny file cannot claim a huge section) with a floor for tiny synthetic inputs, and never more
 * than a Java array can hold.
 */
public final class CompressionLimits {
    /** Largest expansion relative to the containing file's size. */
    public static final long MAX_RATIO = 64;
    /** Small files may always expand to this many bytes. */
    public static final long FLOOR = 16L << 20;
    /** Java arrays and ByteBuffers are int-indexed. */
    public static final long ARRAY_MAX = Integer.MAX_VALUE - 16;

    private CompressionLimits() {
    }

    /** The largest decompressed size accepted for a section of a file of {@code fileSize} bytes. */
    public static long maxOutput(long fileSize) {
        long ratio = fileSize > ARRAY_MAX / MAX_RATIO ? ARRAY_MAX : fileSize * MAX_RATIO;
        return Math.min(ARRAY_MAX, Math.max(FLOOR, ratio));
    }
}
