package io.tinydbg;

import io.tinydbg.bytes.MalformedInputException;
import io.tinydbg.elf.ElfFile;
import io.tinydbg.elf.ElfHeader;
import io.tinydbg.elf.NotElfException;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;

/**
 * Refuses, before anything is launched or attached, a program tinydbg cannot trace, with a message that says what
 * the file is: otherwise a script fails deep in the ELF reader ("ELF header+0x0") and a foreign ELF fails when the
 * kernel refuses to run it ("status 126"), neither of which names the problem.
 */
final class TargetCheck {
    /** e_machine values users meet, for the message. */
    private static final Map<Integer, String> MACHINES = Map.of(3, "x86 (32-bit)", 8, "MIPS", 20, "PowerPC",
            21, "PowerPC64", 22, "s390", 40, "ARM (32-bit)", 183, "aarch64", 243, "RISC-V", 258, "LoongArch");
    private static final int ET_EXEC = 2;
    private static final int ET_DYN = 3;

    private TargetCheck() {
    }

    /** Throws {@link UnsupportedTargetException} unless {@code program} is an x86-64 ELF executable or PIE. */
    static void requireTraceable(Path program) {
        ElfHeader header;
        try (ElfFile elf = ElfFile.open(program)) {
            header = elf.header();
        } catch (NotElfException e) {
            throw new UnsupportedTargetException(program + " is not an ELF file" + script(program)
                    + "; tinydbg traces x86-64 ELF programs");
        } catch (MalformedInputException e) {
            // UnsupportedElfException (ELF32, big-endian) or a damaged header
            throw new UnsupportedTargetException(program + " is not an ELF file tinydbg can read (" + e.getMessage()
                    + "); tinydbg traces 64-bit little-endian x86-64 programs");
        }
        if (!header.isX86_64()) {
            String machine = MACHINES.getOrDefault(header.machine(), "e_machine " + header.machine());
            throw new UnsupportedTargetException(program + " is an ELF program for " + machine
                    + ", not x86-64: tinydbg traces x86-64 programs only");
        }
        if (header.rawType() != ET_EXEC && header.rawType() != ET_DYN) {
            String kind = switch (header.type()) {
                case REL -> "a relocatable object";
                case CORE -> "a core dump";
                default -> "an ELF file of type " + header.rawType();
            };
            throw new UnsupportedTargetException(program + " is " + kind + ", not a program");
        }
    }

    /** ", but a script run by INTERPRETER" when the file starts with {@code #!}, else "". */
    private static String script(Path program) {
        byte[] start = new byte[128];
        int n;
        try (InputStream in = Files.newInputStream(program)) {
            n = in.readNBytes(start, 0, start.length);
        } catch (IOException e) {
            return "";
        }
        String text = new String(start, 0, n, StandardCharsets.ISO_8859_1);
        if (!text.startsWith("#!")) {
            return "";
        }
        String interpreter = text.substring(2).lines().findFirst().orElse("").trim();
        return " but a script run by " + interpreter + " (trace the program it runs, or the interpreter itself)";
    }
}
