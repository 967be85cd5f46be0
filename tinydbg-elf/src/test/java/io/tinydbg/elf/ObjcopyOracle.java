package io.tinydbg.elf;

import io.tinydbg.testing.Oracle;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;

/** Section bytes as objcopy (not our reader) extracts them, for byte-for-byte comparisons. */
final class ObjcopyOracle {
    private ObjcopyOracle() {
    }

    /** A copy of {@code file} with every debug section decompressed by objcopy (zlib, zlib-gnu and zstd). */
    static Path decompressed(Path file, Path dir) {
        Path out = dir.resolve(file.getFileName() + ".decompressed");
        Oracle.run("objcopy", "--decompress-debug-sections", file.toString(), out.toString());
        return out;
    }

    /** The bytes of section {@code name} of {@code file}, as {@code objcopy --dump-section} writes them. */
    static byte[] section(Path file, String name, Path dir) {
        try {
            Path out = Files.createTempFile(dir, "section", ".bin");
            Path junk = Files.createTempFile(dir, "junk", ".o");
            Oracle.run("objcopy", "--dump-section", name + "=" + out, file.toString(), junk.toString());
            return Files.readAllBytes(out);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    static byte[] bytes(java.nio.ByteBuffer b) {
        byte[] a = new byte[b.remaining()];
        b.duplicate().get(a);
        return a;
    }
}
