package io.tinydbg.elf.compress;

import io.airlift.compress.zstd.ZstdInputStream;
import io.tinydbg.bytes.MalformedInputException;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.util.zip.DataFormatException;
import java.util.zip.Inflater;
import org.tukaani.xz.XZInputStream;

/**
 * Decodes one compressed section into a heap buffer. Each method takes the compressed bytes (a view of the mapped
 * file), the names used in error messages and a bound on the output, and either returns exactly the decoded bytes
 * or throws {@link MalformedInputException}; no decoder exception of another type escapes.
 */
public final class Decompressors {
    /** xz dictionaries above this (in KiB) are refused; {@code xz -9} needs 64 MiB. */
    private static final int XZ_MEMORY_LIMIT_KIB = 192 * 1024;

    private Decompressors() {
    }

    /**
     * A zlib stream that must decode to exactly {@code size} bytes (the size the section header declares).
     *
     * @param source file name for messages
     * @param section section name for messages
     * @param offset offset of the stream within the section, for messages
     */
    public static ByteBuffer zlib(ByteBuffer input, long size, long maxOutput, String source, String section,
                                  long offset) {
        int out = checkedSize(size, maxOutput, source, section, offset);
        byte[] result = new byte[initialCapacity(out, input)];
        Inflater inflater = new Inflater();
        try {
            inflater.setInput(input.duplicate());
            int done = 0;
            int idle = 0;
            // A return of 0 means the stream ended, needs more input (truncated) or a dictionary (not ELF's);
            // the idle counter guards against a decoder that keeps returning 0 for any other reason.
            while (done < out && idle < 4) {
                result = ensureRoom(result, done, out);
                int n = inflater.inflate(result, done, Math.min(out, result.length) - done);
                done += n;
                idle = n == 0 ? idle + 1 : 0;
                if (n == 0 && (inflater.finished() || inflater.needsInput() || inflater.needsDictionary())) {
                    break;
                }
            }
            if (done < out) {
                throw new MalformedInputException(source, section, offset, "zlib data ends after " + done
                        + " of the " + out + " bytes the header declares");
            }
            // Decode past the declared end: this reads the stream's checksum (so corruption is noticed) and
            // reveals a header that declares less than the stream holds.
            if (!inflater.finished() && inflater.inflate(new byte[1]) > 0) {
                throw new MalformedInputException(source, section, offset, "zlib data is longer than the "
                        + out + " bytes the header declares");
            }
            return ByteBuffer.wrap(result, 0, out).slice();
        } catch (DataFormatException e) {
            throw new MalformedInputException(source, section, offset, "bad zlib data: " + e.getMessage(), e);
        } finally {
            inflater.end();
        }
    }

    /** A zstd frame that must decode to exactly {@code size} bytes; decoded in pure Java (aircompressor). */
    public static ByteBuffer zstd(ByteBuffer input, long size, long maxOutput, String source, String section,
                                  long offset) {
        int out = checkedSize(size, maxOutput, source, section, offset);
        byte[] result = new byte[initialCapacity(out, input)];
        int done = 0;
        try (InputStream in = new ZstdInputStream(new ByteBufferInputStream(input))) {
            while (done < out) {
                result = ensureRoom(result, done, out);
                int n = in.read(result, done, Math.min(out, result.length) - done);
                if (n < 0) {
                    break;
                }
                done += n;
            }
            if (done == out && in.read() >= 0) {
                throw new MalformedInputException(source, section, offset, "zstd data is longer than the "
                        + out + " bytes the header declares");
            }
        } catch (MalformedInputException e) {
            throw e;
        } catch (IOException | RuntimeException e) {
            // aircompressor reports corrupt frames with its own unchecked exception (and, on some hostile
            // inputs, with IllegalArgumentException or IndexOutOfBounds); all of them mean "bad data" here.
            throw new MalformedInputException(source, section, offset, "bad zstd data: " + e, e);
        }
        if (done < out) {
            throw new MalformedInputException(source, section, offset, "zstd data ends after " + done
                    + " of the " + out + " bytes the header declares");
        }
        return ByteBuffer.wrap(result, 0, out).slice();
    }

    /**
     * The first output array: the declared size when that is plausible for the input, less otherwise, so a header
     * that lies about the size costs nothing until the data really expands that far.
     */
    private static int initialCapacity(int declared, ByteBuffer input) {
        long plausible = Math.max(64 * 1024L, 16L * input.remaining());
        return (int) Math.min(declared, plausible);
    }

    /** {@code buf} if it has room past {@code used}, else a copy twice as large (at most {@code max}). */
    private static byte[] ensureRoom(byte[] buf, int used, int max) {
        if (used < buf.length || buf.length >= max) {
            return buf;
        }
        int grown = (int) Math.min(max, Math.max(1024L, 2L * buf.length));
        return java.util.Arrays.copyOf(buf, grown);
    }

    /** An xz stream of unknown decoded size (MiniDebugInfo), refused once it passes {@code maxOutput} bytes. */
    public static ByteBuffer xz(ByteBuffer input, long maxOutput, String source, String section) {
        long limit = Math.min(maxOutput, CompressionLimits.ARRAY_MAX);
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        byte[] chunk = new byte[64 * 1024];
        try (InputStream in = new XZInputStream(new ByteBufferInputStream(input), XZ_MEMORY_LIMIT_KIB)) {
            int n;
            while ((n = in.read(chunk)) >= 0) {
                if (out.size() + (long) n > limit) {
                    throw new MalformedInputException(source, section, 0,
                            "xz data expands past the limit of " + limit + " bytes");
                }
                out.write(chunk, 0, n);
            }
        } catch (IOException | RuntimeException e) {
            if (e instanceof MalformedInputException) {
                throw (MalformedInputException) e;
            }
            throw new MalformedInputException(source, section, 0, "bad xz data: " + e, e);
        }
        return ByteBuffer.wrap(out.toByteArray());
    }

    private static int checkedSize(long size, long maxOutput, String source, String section, long offset) {
        if (size < 0 || size > maxOutput || size > CompressionLimits.ARRAY_MAX) {
            throw new MalformedInputException(source, section, offset, "declared decompressed size "
                    + Long.toUnsignedString(size) + " exceeds the limit of " + maxOutput + " bytes");
        }
        return (int) size;
    }
}
