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

/** Unit headers and root DIE information against {@code readelf --debug-dump=info}. */
class UnitsTest {
    private static final Pattern UNIT = Pattern.compile("Compilation Unit @ offset (?:0x)?([0-9a-f]+):");
    private static final Pattern FIELD = Pattern.compile("^\\s+(Length|Version|Unit Type|Abbrev Offset|Pointer Size"
            + "|Signature|Type Offset):\\s+(.*)$");
    private static final Pattern LANGUAGE = Pattern.compile("DW_AT_language\\s*:\\s*(\\d+)");

    /** One unit as readelf prints it: "section offset version unitType abbrev pointer 64bit signature lang". */
    static List<String> readelfUnits(String fixture) {
        String out = Oracle.run("readelf", "--debug-dump=info", Fixtures.path(fixture).toString());
        List<String> units = new ArrayList<>();
        String section = null;
        long[] u = null;
        String sig = "0";
        for (String line : out.split("\n")) {
            if (line.startsWith("Contents of the ")) {
                section = line.startsWith("Contents of the .debug_info section") ? ".debug_info"
                        : line.startsWith("Contents of the .debug_types section") ? ".debug_types" : null;
                continue;
            }
            if (section == null) {
                continue;
            }
            Matcher m = UNIT.matcher(line);
            if (m.find()) {
                flush(units, u, sig);
                u = new long[] {section.equals(".debug_types") ? 1 : 0, Long.parseLong(m.group(1), 16), 0,
                        section.equals(".debug_types") ? 2 : 1, 0, 0, 4, -1};
                sig = "0";
                continue;
            }
            Matcher f = FIELD.matcher(line);
            if (u != null && f.find()) {
                String v = f.group(2).trim();
                switch (f.group(1)) {
                    case "Length": u[6] = v.contains("64-bit") ? 8 : 4; break;
                    case "Version": u[2] = Long.parseLong(v); break;
                    case "Unit Type": u[3] = Long.parseLong(v.replaceAll(".*\\((\\d+)\\).*", "$1")); break;
                    case "Abbrev Offset": u[4] = Long.decode(v.startsWith("0x") ? v : v.equals("0") ? "0" : "0x" + v);
                        break;
                    case "Pointer Size": u[5] = Long.parseLong(v); break;
                    case "Signature": sig = Long.toHexString(Long.parseUnsignedLong(v.substring(2), 16)); break;
                    default: break;
                }
                continue;
            }
            Matcher l = LANGUAGE.matcher(line);
            if (u != null && u[7] < 0 && l.find()) {
                u[7] = Long.parseLong(l.group(1));
            }
        }
        flush(units, u, sig);
        return units;
    }

    private static void flush(List<String> units, long[] u, String sig) {
        if (u != null) {
            units.add((u[0] == 1 ? ".debug_types" : ".debug_info") + " 0x" + Long.toHexString(u[1]) + " v" + u[2]
                    + " ut" + u[3] + " abbrev 0x" + Long.toHexString(u[4]) + " ptr" + u[5] + " off" + u[6]
                    + " sig " + sig + " lang " + Math.max(u[7], 0));
        }
    }

    static String describe(Dwarf d, CompileUnit u) {
        long lang = u.isSkeleton() ? 0 : d.unitInfo(u).languageCode();
        return (u.inTypesSection() ? ".debug_types" : ".debug_info") + " 0x"
                + Long.toHexString(u.offset() & ~Dwarf.TYPES_SECTION_FLAG) + " v" + u.version() + " ut"
                + u.unitType() + " abbrev 0x" + Long.toHexString(u.abbrevOffset()) + " ptr" + u.addressSize()
                + " off" + u.offsetSize() + " sig " + Long.toHexString(u.typeSignature()) + " lang " + lang;
    }

    @ParameterizedTest
    @ValueSource(strings = {"sample-O0", "sample-dwarf4", "dwarf-sample-v2", "dwarf-sample-v3", "dwarf-sample-64",
            "dwarf-sample-64-v4", "dwarf-shapes-tu4", "dwarf-shapes-tu5", "dwarf-sample-split",
            "dwarf-sample-split-v4", "gosample", "rsample-legacy", "shapes-O2"})
    void unitHeadersEqualReadelfs(String fixture) {
        Dwarf d = FunctionEntriesTest.open(fixture);
        List<String> ours = d.units().stream().map(u -> describe(d, u)).toList();
        assertThat(ours).isEqualTo(readelfUnits(fixture));
    }

    @Test
    void unitInfoOfTheCFixture() {
        Dwarf d = FunctionEntriesTest.open("sample-O2");
        UnitInfo info = d.unitInfo(d.units().get(0));
        assertThat(info.language()).isEqualTo("C11");
        assertThat(info.producer()).startsWith("GNU C17 12");
        assertThat(info.name()).endsWith("/c/sample.c");
        assertThat(info.compDir()).endsWith("tinydbg-elf");
        assertThat(info.stmtList()).hasValue(0);
        assertThat(info.version()).isEqualTo(5);
        assertThat(info.addressSize()).isEqualTo(8);
    }

    @Test
    void languagesOfCppGoAndRust() {
        Dwarf cpp = FunctionEntriesTest.open("shapes-O0");
        assertThat(cpp.unitInfo(cpp.units().get(0)).language()).isEqualTo("C_plus_plus_14");
        Dwarf go = FunctionEntriesTest.open("gosample");
        assertThat(go.units()).allSatisfy(u -> assertThat(go.unitInfo(u).language()).isEqualTo("Go"));
        Dwarf rust = FunctionEntriesTest.open("rsample-v0");
        assertThat(rust.units()).anySatisfy(u -> assertThat(rust.unitInfo(u).language()).isEqualTo("Rust"));
    }

    @Test
    void splitDwarfSkeletonsYieldNoFunctionsAndNoErrors() {
        for (String fixture : List.of("dwarf-sample-split", "dwarf-sample-split-v4")) {
            Dwarf d = FunctionEntriesTest.open(fixture);
            assertThat(d.units()).isNotEmpty();
            assertThat(d.functionEntries()).isEmpty();
            assertThat(d.inlinedInstances()).isEmpty();
        }
    }
}
