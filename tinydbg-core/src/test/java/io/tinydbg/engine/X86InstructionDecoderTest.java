package io.tinydbg.engine;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** Lengths, RIP-relative operands and branch targets agree with objdump on every instruction of real binaries. */
class X86InstructionDecoderTest {
    private static final Pattern LINE = Pattern.compile("^\\s*([0-9a-f]+):\\t((?:[0-9a-f]{2} )+)\\s*\\t(.*)$");

    record Insn(long address, byte[] bytes, String text) {
    }

    static List<Insn> objdump(Path bin) {
        List<Insn> out = new ArrayList<>();
        for (String line : EngineFixtures.run("objdump", "-d", "--insn-width=16", "-j", ".text", bin.toString())
                .split("\n")) {
            Matcher m = LINE.matcher(line);
            if (!m.matches()) {
                continue;
            }
            String[] hex = m.group(2).trim().split(" ");
            byte[] b = new byte[hex.length];
            for (int i = 0; i < hex.length; i++) {
                b[i] = (byte) Integer.parseInt(hex[i], 16);
            }
            out.add(new Insn(Long.parseLong(m.group(1), 16), b, m.group(3)));
        }
        return out;
    }

    @ParameterizedTest
    @ValueSource(strings = {"threads-O0", "threads-O2", "threads-cet", "recurse-O2", "throw", "gowork"})
    void agreesWithObjdump(String fixture) {
        List<Insn> insns = objdump(EngineFixtures.path(fixture));
        assertThat(insns).hasSizeGreaterThan(100);
        X86InstructionDecoder d = new X86InstructionDecoder();
        Random random = new Random(7);
        int unknown = 0;
        List<String> wrong = new ArrayList<>();
        for (Insn i : insns) {
            if (i.text().startsWith("(bad)") || i.text().isBlank()) {
                continue;
            }
            byte[] code = new byte[16];
            random.nextBytes(code); // whatever follows must not change the answer
            System.arraycopy(i.bytes(), 0, code, 0, i.bytes().length);
            DecodedInstruction r = d.decode(code, i.address());
            if (r.kind() == DecodedInstruction.Kind.UNKNOWN) {
                unknown++;
                continue;
            }
            if (r.length() != i.bytes().length) {
                wrong.add(Long.toHexString(i.address()) + " " + i.text() + ": length " + r.length());
            } else if (r.ripRelative() != i.text().contains("(%rip)")) {
                wrong.add(Long.toHexString(i.address()) + " " + i.text() + ": ripRelative " + r.ripRelative());
            } else if (r.branchTarget() != 0 && r.kind() != DecodedInstruction.Kind.POSITION_DEPENDENT
                    && !i.text().matches("\\S+\\s+" + Long.toHexString(r.branchTarget()) + "\\b.*")) {
                wrong.add(Long.toHexString(i.address()) + " " + i.text() + ": target "
                        + Long.toHexString(r.branchTarget()));
            }
        }
        assertThat(wrong).isEmpty();
        assertThat(unknown).as("undecoded instructions").isZero();
    }

    @ParameterizedTest
    @ValueSource(ints = {1, 2, 3})
    void randomBytesNeverThrow(int seed) {
        Random random = new Random(seed);
        X86InstructionDecoder d = new X86InstructionDecoder();
        for (int n = 0; n < 20_000; n++) {
            byte[] code = new byte[random.nextInt(17)];
            random.nextBytes(code);
            DecodedInstruction r = d.decode(code, 0x1000);
            assertThat(r.length()).isBetween(0, 15);
        }
    }
}
