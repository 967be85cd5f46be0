package io.tinydbg.dwarf.expr;

import static org.assertj.core.api.Assertions.assertThat;

import io.tinydbg.bytes.ByteCursor;
import io.tinydbg.dwarf.cfi.testsupport.TestElfSections;
import io.tinydbg.testing.Fixtures;
import io.tinydbg.testing.Oracle;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Parses and prints every expression readelf shows in {@code .debug_info} (exprloc attributes with their raw bytes)
 * and in the location lists, and compares the text with readelf's.
 */
class ExpressionReadelfTest {
    private static final Pattern UNIT = Pattern.compile("Compilation Unit @ offset (0x[0-9a-f]+):");
    private static final Pattern UNIT_LENGTH = Pattern.compile("^\\s+Length:\\s+0x[0-9a-f]+ \\((32|64)-bit\\)");
    private static final Pattern POINTER_SIZE = Pattern.compile("^\\s+Pointer Size:\\s+(\\d+)");
    private static final Pattern BLOCK = Pattern.compile(
            ":\\s+(\\d+) byte block: ((?:[0-9a-f]+ )*)\\t\\((DW_OP.*?)\\)(?: \\(start == end\\))?$");

    @ParameterizedTest
    @ValueSource(strings = {"sample-O2", "sample-dwarf4-O2", "shapes-O2", "exprcfi-O2", "exprcfi-O2-dwarf4",
        "sample-O0", "gosample-nocompress", "rsample-v0"})
    void infoExpressionsPrintAsReadelfPrintsThem(String fixture) {
        String out = Oracle.run("readelf", "--debug-dump=info", Fixtures.path(fixture).toString());
        long cuOffset = 0;
        int addressSize = 8;
        int offsetSize = 4;
        int compared = 0;
        List<String> mismatches = new ArrayList<>();
        for (String line : out.split("\n")) {
            Matcher m;
            if ((m = UNIT.matcher(line)).find()) {
                cuOffset = Long.decode(m.group(1));
            } else if ((m = UNIT_LENGTH.matcher(line)).find()) {
                offsetSize = m.group(1).equals("64") ? 8 : 4;
            } else if ((m = POINTER_SIZE.matcher(line)).find()) {
                addressSize = Integer.parseInt(m.group(1));
            } else if ((m = BLOCK.matcher(line)).find()) {
                byte[] bytes = hexBytes(m.group(2));
                assertThat(bytes).hasSize(Integer.parseInt(m.group(1)));
                String ours = ExpressionFormat.format(Expression.parse(bytes, addressSize, offsetSize), cuOffset);
                if (!ours.equals(m.group(3))) {
                    mismatches.add(line.trim() + "\n   ours: " + ours);
                }
                compared++;
            }
        }
        assertThat(mismatches).isEmpty();
        assertThat(compared).as("expressions found in readelf's output").isGreaterThan(10);
    }

    private static final Pattern VIEW_ENTRY = Pattern.compile("^\\s+([0-9a-f]{8}) v[0-9a-f]+ v[0-9a-f]+ views at");
    private static final Pattern VIEW_RANGE = Pattern.compile(
            "^\\s+[0-9a-f]{16} [0-9a-f]{16} \\((DW_OP.*?)\\)(?: \\(start == end\\))?$");
    private static final Pattern PLAIN_ENTRY = Pattern.compile(
            "^\\s+([0-9a-f]{8}) [0-9a-f]{16} [0-9a-f]{16} \\((DW_OP.*?)\\)(?: \\(start == end\\))?$");

    @ParameterizedTest
    @ValueSource(strings = {"sample-O2", "sample-dwarf4-O2", "shapes-O2", "exprcfi-O2", "exprcfi-O2-dwarf4"})
    void locationListExpressionsPrintAsReadelfPrintsThem(String fixture) {
        TestElfSections elf = TestElfSections.open(Fixtures.path(fixture));
        String out = Oracle.run("readelf", "--debug-dump=loc", Fixtures.path(fixture).toString());
        boolean loclists = out.contains("Contents of the .debug_loclists section");
        String name = loclists ? ".debug_loclists" : ".debug_loc";
        ByteBuffer section = elf.section(name).orElseThrow();
        long pendingOffset = -1;
        int compared = 0;
        Set<String> opNames = new HashSet<>();
        List<String> mismatches = new ArrayList<>();
        for (String line : out.split("\n")) {
            Matcher m;
            long offset = -1;
            String text = null;
            if ((m = VIEW_ENTRY.matcher(line)).find()) {
                pendingOffset = Long.parseLong(m.group(1), 16);
                continue;
            } else if ((m = VIEW_RANGE.matcher(line)).find() && pendingOffset >= 0) {
                offset = pendingOffset;
                text = m.group(1);
            } else if ((m = PLAIN_ENTRY.matcher(line)).find()) {
                offset = Long.parseLong(m.group(1), 16);
                text = m.group(2);
            }
            pendingOffset = -1;
            if (text == null) {
                continue;
            }
            byte[] bytes = loclists ? loclistsExpression(section, offset) : locExpression(section, offset);
            Expression e = Expression.parse(bytes, 8, 4);
            e.operations().forEach(op -> opNames.add(op.name()));
            String ours = ExpressionFormat.format(e);
            // readelf prints type references relative to the owning unit, which the list itself does not name.
            if (!withoutRefs(ours).equals(withoutRefs(text))) {
                mismatches.add(String.format("%x: %s%n   ours: %s", offset, text, ours));
            }
            compared++;
        }
        assertThat(mismatches).isEmpty();
        assertThat(compared).isGreaterThan(20);
        assertThat(opNames).contains("DW_OP_stack_value");
    }

    private static String withoutRefs(String s) {
        return s.replaceAll("<0x[0-9a-f]+>", "<ref>");
    }

    /** The expression of the DWARF 5 location list entry at {@code offset}. */
    private static byte[] loclistsExpression(ByteBuffer section, long offset) {
        ByteCursor c = new ByteCursor("test", ".debug_loclists", section).seek(offset);
        int kind = c.u8();
        switch (kind) {
            case 0x02, 0x03, 0x04 -> { // startx_endx, startx_length, offset_pair
                c.uleb128();
                c.uleb128();
            }
            case 0x05 -> { } // default_location
            case 0x07 -> c.skip(16); // start_end
            case 0x08 -> { // start_length
                c.skip(8);
                c.uleb128();
            }
            default -> throw new AssertionError("entry kind " + kind + " at " + offset + " has no expression");
        }
        return c.bytes(c.uleb128AsInt("length"));
    }

    /** The expression of the DWARF 2-4 location list entry at {@code offset}. */
    private static byte[] locExpression(ByteBuffer section, long offset) {
        ByteCursor c = new ByteCursor("test", ".debug_loc", section).seek(offset);
        c.skip(16);
        return c.bytes(c.u16());
    }

    static byte[] hexBytes(String text) {
        String[] parts = text.trim().split(" ");
        if (text.isBlank()) {
            return new byte[0];
        }
        byte[] b = new byte[parts.length];
        for (int i = 0; i < parts.length; i++) {
            b[i] = (byte) Integer.parseInt(parts[i], 16);
        }
        return b;
    }
}
