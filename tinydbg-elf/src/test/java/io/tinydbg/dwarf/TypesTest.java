package io.tinydbg.dwarf;

import static org.assertj.core.api.Assertions.assertThat;

import io.tinydbg.dwarf.types.ArrayType;
import io.tinydbg.dwarf.types.DwarfType;
import io.tinydbg.dwarf.types.EnumType;
import io.tinydbg.dwarf.types.PointerType;
import io.tinydbg.dwarf.types.StructType;
import io.tinydbg.dwarf.types.Typedef;
import io.tinydbg.testing.Fixtures;
import io.tinydbg.testing.Oracle;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** Types against gdb's {@code ptype /o} (member offsets, sizes, declarations), {@code ptype} and {@code whatis}. */
class TypesTest {
    /** A top-level member line of ptype /o: offset (and bit), size, declaration. */
    private static final Pattern MEMBER = Pattern.compile(
            "^/\\*\\s+(\\d+)(?::\\s*(\\d+))?\\s+\\|\\s+(\\d+) \\*/ {4}(\\S.*);$");

    static List<String> gdbMembers(String fixture, String type) {
        List<String> out = new ArrayList<>();
        String text = Oracle.run("gdb", "-batch", "-nx", "-ex", "ptype /o " + type, Fixtures.path(fixture).toString());
        for (String line : text.split("\n")) {
            Matcher m = MEMBER.matcher(line);
            if (m.find()) {
                out.add(m.group(1) + ":" + (m.group(2) == null ? "0" : m.group(2)) + " " + m.group(3) + " "
                        + m.group(4));
            }
        }
        return out;
    }

    /** Finds a named type by scanning the first unit's top-level DIEs. */
    static DwarfType namedType(Dwarf d, int tag, String name) {
        for (CompileUnit u : d.units()) {
            for (Die c : d.root(u).children()) {
                if (c.tag() == tag && c.name().equals(name)) {
                    return d.type(c.offset());
                }
            }
        }
        throw new AssertionError("no type " + name);
    }

    static List<String> ourMembers(StructType s) {
        List<String> out = new ArrayList<>();
        for (StructType.Member m : s.members()) {
            String decl = m.type().declare(m.name()) + (m.isBitfield() ? " : " + m.bitSize() : "");
            if (m.type() instanceof StructType && ((StructType) m.type()).declaredName().isEmpty()) {
                continue; // gdb expands anonymous aggregates over several lines
            }
            out.add(m.offset() + ":" + m.bitOffset() + " " + m.type().byteSize() + " " + decl);
        }
        return out;
    }

    @ParameterizedTest
    @CsvSource({"dwarf-types-O0, packed", "dwarf-types-O2, packed", "dwarf-types-v4-O2, packed",
            "dwarf-types-O0, node", "sample-O0, flags", "sample-O0, point", "dwarf-sample-v2, flags",
            "dwarf-sample-64-v4, flags", "sample-dwarf4, point"})
    void structLayoutEqualsPtypeO(String fixture, String struct) {
        Dwarf d = FunctionEntriesTest.open(fixture);
        StructType s = (StructType) namedType(d, DwarfConstants.TAG_STRUCTURE_TYPE, struct);
        List<String> gdb = gdbMembers(fixture, "struct " + struct);
        assertThat(gdb).isNotEmpty();
        assertThat(ourMembers(s)).isEqualTo(gdb);
        assertThat(s.name()).isEqualTo("struct " + struct);
    }

    @Test
    void unionAndAnonymousMembers() {
        Dwarf d = FunctionEntriesTest.open("dwarf-types-O0");
        StructType s = (StructType) namedType(d, DwarfConstants.TAG_STRUCTURE_TYPE, "packed");
        assertThat(s.byteSize()).isEqualTo(72);
        StructType.Member either = s.members().stream().filter(m -> m.name().equals("either")).findFirst()
                .orElseThrow();
        assertThat(either.offset()).isEqualTo(64);
        assertThat(either.type().name()).isEqualTo("union {...}");
        assertThat(((StructType) either.type()).kind()).isEqualTo(StructType.Kind.UNION);
        StructType.Member grid = s.members().stream().filter(m -> m.name().equals("grid")).findFirst().orElseThrow();
        assertThat(((ArrayType) grid.type()).dimensions()).containsExactly(2L, 3L);
        assertThat(grid.type().name()).isEqualTo("int [2][3]");
    }

    @Test
    void recursiveListDoesNotLoop() {
        Dwarf d = FunctionEntriesTest.open("dwarf-types-O0");
        StructType node = (StructType) namedType(d, DwarfConstants.TAG_STRUCTURE_TYPE, "node");
        PointerType next = (PointerType) node.members().get(1).type();
        assertThat(next.name()).isEqualTo("struct node *");
        assertThat(next.target()).containsSame(node);
        assertThat(((StructType) next.target().orElseThrow()).members().get(1).type()).isSameAs(next);
    }

    @Test
    void enumsAndFunctionPointerTypedefsEqualPtype() {
        String fixture = "dwarf-types-O0";
        Dwarf d = FunctionEntriesTest.open(fixture);
        String out = Oracle.run("gdb", "-batch", "-nx", "-ex", "ptype enum level", "-ex", "ptype callback",
                Fixtures.path(fixture).toString());
        String[] lines = out.split("\n");
        EnumType level = (EnumType) namedType(d, DwarfConstants.TAG_ENUMERATION_TYPE, "level");
        StringBuilder listing = new StringBuilder("type = " + level.name() + " {");
        long next = 0;
        for (EnumType.Enumerator e : level.enumerators()) {
            listing.append(next == 0 && listing.charAt(listing.length() - 1) == '{' ? "" : ", ").append(e.name());
            if (e.value() != next) {
                listing.append(" = ").append(e.value());
            }
            next = e.value() + 1;
        }
        assertThat(lines[0]).isEqualTo(listing.append("}").toString());
        Typedef callback = (Typedef) namedType(d, DwarfConstants.TAG_TYPEDEF, "callback");
        assertThat(lines[1]).isEqualTo("type = " + callback.target().orElseThrow().name());
        assertThat(callback.name()).isEqualTo("callback");
        assertThat(callback.byteSize()).isEqualTo(8);
    }

    @Test
    void goTypesCarryTheirKinds() {
        Dwarf d = FunctionEntriesTest.open("gosample-nl");
        DwarfFunction describe = ParametersTest.function(d, "main.Describe");
        List<String> names = describe.parameters().stream().map(p -> p.type().name()).toList();
        assertThat(names).containsExactly("main.Point", "[]string", "map[string]int", "interface {}", "string");
        // reflect.Kind: Struct 25, Slice 23, Map 21, Interface 20, String 24.
        List<Integer> kinds = describe.parameters().stream().map(p -> p.type().goKind().orElse(-1)).toList();
        assertThat(kinds).containsExactly(25, 23, 21, 20, 24);
        StructType string = (StructType) describe.parameters().get(4).type();
        assertThat(string.members()).extracting(StructType.Member::name).containsExactly("str", "len");
        assertThat(string.byteSize()).isEqualTo(16);
    }
}
