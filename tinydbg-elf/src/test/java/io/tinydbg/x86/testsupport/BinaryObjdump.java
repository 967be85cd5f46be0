package io.tinydbg.x86.testsupport;

import io.tinydbg.testing.Oracle;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;

/** objdump over raw bytes ({@code -D -b binary -m i386:x86-64}) at a chosen load address. */
public final class BinaryObjdump {
    private BinaryObjdump() {
    }

    /** Disassembles {@code code} as if loaded at {@code address}. */
    public static ObjdumpListing disassemble(byte[] code, long address) {
        try {
            Path file = Files.createTempFile("tinydbg-x86", ".bin");
            try {
                Files.write(file, code);
                return ObjdumpListing.parse(Oracle.run("objdump", "-D", "--no-show-raw-insn", "-b", "binary",
                        "-m", "i386:x86-64", "--adjust-vma=0x" + Long.toHexString(address), file.toString()));
            } finally {
                Files.deleteIfExists(file);
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Parses a hex string such as "66 0f 1f 44 00 00". */
    public static byte[] hex(String s) {
        String t = s.replace(" ", "");
        byte[] b = new byte[t.length() / 2];
        for (int i = 0; i < b.length; i++) {
            b[i] = (byte) Integer.parseInt(t.substring(2 * i, 2 * i + 2), 16);
        }
        return b;
    }
}
