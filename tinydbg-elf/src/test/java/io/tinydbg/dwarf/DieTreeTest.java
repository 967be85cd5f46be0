package io.tinydbg.dwarf;

import static org.assertj.core.api.Assertions.assertThat;

import io.tinydbg.testing.Fixtures;
import io.tinydbg.testing.Oracle;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The whole DIE tree (depth, offset, tag) and every DW_AT_name, decoded through {@link Die#children()} and
 * {@link Die#attributes()}, against {@code readelf --debug-dump=info}: this decodes every attribute of every DIE,
 * so every form the compilers used is read and skipped correctly.
 */
class DieTreeTest {
    private static final Pattern DIE = Pattern.compile("^\\s*<(\\d+)><([0-9a-f]+)>: Abbrev Number: (\\d+)(?: \\((\\w+)\\))?");
    private static final Pattern NAME = Pattern.compile("^\\s*<[0-9a-f]+>\\s+DW_AT_name\\s*: (.*)$");

    /** readelf's DIEs of .debug_info (and .debug_types): "depth offset tag name". */
    static List<String> readelfDies(String fixture) {
        return readelfDies(fixture, "");
    }

    /** The same for sections named with {@code suffix} (".dwo" for split DWARF objects). */
    static List<String> readelfDies(String fixture, String suffix) {
        String out = Oracle.run("readelf", "--debug-dump=info", Fixtures.path(fixture).toString());
        List<String> dies = new ArrayList<>();
        boolean types = false;
        boolean wanted = false;
        String pending = null;
        String name = "";
        for (String line : out.split("\n")) {
            if (line.startsWith("Contents of the ")) {
                wanted = line.startsWith("Contents of the .debug_info" + suffix + " section")
                        || line.startsWith("Contents of the .debug_types" + suffix + " section");
                types = line.startsWith("Contents of the .debug_types");
                continue;
            }
            if (!wanted) {
                continue;
            }
            Matcher m = DIE.matcher(line);
            if (m.find()) {
                if (pending != null) {
                    dies.add(pending + " " + name);
                    pending = null;
                }
                if (!m.group(3).equals("0")) {
                    long offset = Long.parseLong(m.group(2), 16) | (types ? Dwarf.TYPES_SECTION_FLAG : 0);
                    pending = m.group(1) + " " + Long.toHexString(offset) + " " + m.group(4);
                    name = "";
                }
                continue;
            }
            Matcher n = NAME.matcher(line);
            if (n.find()) {
                String v = n.group(1);
                int i = v.indexOf("): ");
                name = v.startsWith("(") && i >= 0 ? v.substring(i + 3) : v;
                name = name.strip();
            }
        }
        if (pending != null) {
            dies.add(pending + " " + name);
        }
        return dies;
    }

    static void walk(Die d, int depth, List<String> out) {
        String name = "";
        for (AttributeValue v : d.attributes()) {
            if (v.attribute() == DwarfConstants.AT_NAME) {
                name = v.asString().orElse("").strip();
            }
        }
        out.add(depth + " " + Long.toHexString(d.offset()) + " " + TagNames.of(d.tag()) + " " + name);
        for (Die c : d.children()) {
            assertThat(c.parent()).hasValueSatisfying(p -> assertThat(p.offset()).isEqualTo(d.offset()));
            walk(c, depth + 1, out);
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {"sample-O2", "sample-dwarf4-O2", "dwarf-sample-v2", "dwarf-sample-v3",
            "dwarf-sample-64", "dwarf-sample-64-v4", "dwarf-types-O2", "dwarf-shapes-tu4", "dwarf-shapes-tu5",
            "shapes-O2", "gosample-nocompress", "rsample-v0"})
    void treeAndNamesEqualReadelfs(String fixture) {
        Dwarf d = FunctionEntriesTest.open(fixture);
        List<String> ours = new ArrayList<>();
        for (CompileUnit u : d.units()) {
            walk(d.root(u), 0, ours);
        }
        List<String> expected = readelfDies(fixture);
        assertThat(ours).hasSameSizeAs(expected);
        for (int i = 0; i < ours.size(); i++) {
            String[] e = expected.get(i).split(" ", 4);
            String[] o = ours.get(i).split(" ", 4);
            assertThat(o[0] + " " + o[1]).as("DIE %d", i).isEqualTo(e[0] + " " + e[1]);
            if (!o[2].equals("?")) {
                assertThat(o[2]).as("tag at %s", o[1]).isEqualTo(e[2]);
            }
            assertThat(o.length > 3 ? o[3] : "").as("name at %s", o[1]).isEqualTo(e.length > 3 ? e[3] : "");
        }
    }

    @Test
    void attributesOfOneSubprogramEqualReadelfs() {
        // readelf: DW_AT_name add_ints, DW_AT_decl_line 33, DW_AT_low_pc/high_pc, DW_AT_type -> int.
        Dwarf d = FunctionEntriesTest.open("sample-O0");
        FunctionEntry f = d.functionEntries().stream().filter(e -> e.name().equals("add_ints")).findFirst()
                .orElseThrow();
        Die die = d.die(f.dieOffset());
        String out = Oracle.run("readelf", "--debug-dump=info", Fixtures.path("sample-O0").toString());
        int at = out.indexOf("<" + Long.toHexString(f.dieOffset()) + ">: Abbrev");
        String block = out.substring(at, out.indexOf("Abbrev Number", out.indexOf('\n', at)));
        assertThat(block).contains("DW_AT_decl_line   : " + die.unsigned(DwarfConstants.AT_DECL_LINE).getAsLong());
        assertThat(block).contains("DW_AT_low_pc      : 0x" + Long.toHexString(die.unsigned(DwarfConstants.AT_LOW_PC)
                .getAsLong()));
        assertThat(block).contains("DW_AT_high_pc     : 0x" + Long.toHexString(die.unsigned(DwarfConstants.AT_HIGH_PC)
                .getAsLong()));
        assertThat(block).contains("DW_AT_type        : <0x" + Long.toHexString(die.reference(DwarfConstants.AT_TYPE)
                .getAsLong()) + ">");
        assertThat(block.split("DW_AT_").length - 1).isEqualTo(die.attributes().size());
        assertThat(d.die(die.reference(DwarfConstants.AT_TYPE).getAsLong()).name()).isEqualTo("int");
    }
}
