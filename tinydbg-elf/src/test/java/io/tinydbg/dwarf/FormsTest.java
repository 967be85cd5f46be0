package io.tinydbg.dwarf;

import static io.tinydbg.dwarf.DwarfConstants.*;
import static org.assertj.core.api.Assertions.assertThat;

import io.tinydbg.dwarf.testsupport.Bytes;
import java.nio.ByteBuffer;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalLong;
import org.junit.jupiter.api.Test;

/**
 * Byte-literal DWARF 5 with the forms gcc and the Go and Rust compilers here never emit (strx1-4, addrx1-4,
 * data16, implicit_const, indirect, ref_udata, ref_addr, GNU_strp_alt, GNU_ref_alt), encoded as the DWARF 5
 * standard (sections 7.5.5, 7.26, 7.27) lays them out.
 */
class FormsTest {

    static DwarfSections sections(Map<String, byte[]> bytes) {
        return new DwarfSections() {
            @Override
            public String sourceName() {
                return "synthetic";
            }

            @Override
            public Optional<ByteBuffer> section(String name) {
                byte[] b = bytes.get(name);
                return b == null ? Optional.empty() : Optional.of(ByteBuffer.wrap(b));
            }

            @Override
            public OptionalLong sectionAddress(String name) {
                return OptionalLong.empty();
            }
        };
    }

    @Test
    void everyRareFormDecodes() {
        Bytes abbrev = new Bytes()
                .uleb(1).uleb(TAG_COMPILE_UNIT).u8(1)
                .uleb(AT_NAME).uleb(FORM_STRX1).uleb(AT_PRODUCER).uleb(FORM_STRX2)
                .uleb(AT_COMP_DIR).uleb(FORM_STRX3).uleb(AT_STR_OFFSETS_BASE).uleb(FORM_SEC_OFFSET)
                .uleb(AT_ADDR_BASE).uleb(FORM_SEC_OFFSET).uleb(AT_LOW_PC).uleb(FORM_ADDRX1)
                .uleb(AT_LANGUAGE).uleb(FORM_DATA1).uleb(0).uleb(0)
                .uleb(2).uleb(TAG_BASE_TYPE).u8(0)
                .uleb(AT_NAME).uleb(FORM_STRX4).uleb(AT_BYTE_SIZE).uleb(FORM_IMPLICIT_CONST).sleb(4)
                .uleb(AT_ENCODING).uleb(FORM_INDIRECT).uleb(0).uleb(0)
                .uleb(3).uleb(TAG_VARIABLE).u8(0)
                .uleb(AT_NAME).uleb(FORM_GNU_STRP_ALT).uleb(AT_TYPE).uleb(FORM_REF_UDATA)
                .uleb(AT_LOCATION).uleb(FORM_EXPRLOC).uleb(AT_CONST_VALUE).uleb(FORM_DATA16)
                .uleb(AT_LOW_PC).uleb(FORM_ADDRX2).uleb(AT_HIGH_PC).uleb(FORM_ADDRX3)
                .uleb(AT_ENTRY_PC).uleb(FORM_ADDRX4).uleb(AT_DECL_LINE).uleb(FORM_SDATA)
                .uleb(AT_EXTERNAL).uleb(FORM_FLAG).uleb(AT_ARTIFICIAL).uleb(FORM_FLAG_PRESENT)
                .uleb(AT_SIBLING).uleb(FORM_REF_ADDR).uleb(AT_SPECIFICATION).uleb(FORM_GNU_REF_ALT)
                .uleb(AT_DESCRIPTION).uleb(FORM_STRING).uleb(AT_BYTE_SIZE).uleb(FORM_BLOCK1)
                .uleb(0).uleb(0)
                .uleb(0);
        Bytes str = new Bytes().u8(0).cstring("cu.c").cstring("gcc").cstring("/dir").cstring("int");
        Bytes strOffsets = new Bytes().u32(20).u16(5).u16(0).u32(1).u32(6).u32(10).u32(15);
        Bytes addr = new Bytes().u32(44).u16(5).u8(8).u8(0);
        for (long a = 0x1000; a <= 0x5000; a += 0x1000) {
            addr.u64(a);
        }
        // Unit header (12 bytes), then DIEs; the base type lands at 0x1a and the variable right after it.
        Bytes dies = new Bytes()
                .uleb(1).u8(0).u16(1).u24(2).u32(8).u32(8).u8(0).u8(0x1d)
                .uleb(2).u32(3).uleb(FORM_UDATA).uleb(5);
        int baseType = 12 + 1 + 1 + 2 + 3 + 4 + 4 + 1 + 1;
        dies.uleb(3).u32(0x40).uleb(baseType).uleb(2).u8(0x91).u8(0x70)
                .raw(new byte[] {1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15, 16})
                .u16(1).u24(2).u32(3).sleb(-5).u8(1).u32(baseType).u32(0x99).cstring("hi").u8(3).raw(new byte[] {7, 8, 9})
                .u8(0);
        byte[] body = dies.toByteArray();
        Bytes info = new Bytes().u32(8 + body.length).u16(5).u8(UT_COMPILE).u8(8).u32(0).raw(body);
        Dwarf d = Dwarf.from(sections(Map.of(".debug_abbrev", abbrev.toByteArray(), ".debug_info", info.toByteArray(),
                ".debug_str", str.toByteArray(), ".debug_str_offsets", strOffsets.toByteArray(),
                ".debug_addr", addr.toByteArray())));

        CompileUnit u = d.units().get(0);
        assertThat(u.dieOffset()).isEqualTo(12);
        UnitInfo info5 = d.unitInfo(u);
        assertThat(info5.name()).isEqualTo("cu.c");
        assertThat(info5.producer()).isEqualTo("gcc");
        assertThat(info5.compDir()).isEqualTo("/dir");
        assertThat(info5.lowPc()).isEqualTo(0x1000);
        assertThat(info5.language()).isEqualTo("C11");

        Die base = d.root(u).children().get(0);
        assertThat(base.offset()).isEqualTo(baseType);
        assertThat(base.name()).isEqualTo("int");
        assertThat(base.unsigned(AT_BYTE_SIZE)).hasValue(4);
        assertThat(base.unsigned(AT_ENCODING)).hasValue(5);
        assertThat(d.type(baseType).name()).isEqualTo("int");

        Die v = d.root(u).children().get(1);
        assertThat(v.name()).isEmpty();
        assertThat(v.attribute(AT_NAME).orElseThrow().kind()).isEqualTo(AttributeValue.Kind.UNAVAILABLE);
        assertThat(v.reference(AT_TYPE)).hasValue(baseType);
        assertThat(v.attribute(AT_LOCATION).orElseThrow().block()).containsExactly(0x91, 0x70);
        assertThat(v.attribute(AT_CONST_VALUE).orElseThrow().block()).hasSize(16).startsWith(1, 2).endsWith(16);
        assertThat(v.unsigned(AT_LOW_PC)).hasValue(0x2000);
        assertThat(v.unsigned(AT_HIGH_PC)).hasValue(0x3000);
        assertThat(v.unsigned(AT_ENTRY_PC)).hasValue(0x4000);
        assertThat(v.attribute(AT_DECL_LINE).orElseThrow().value()).isEqualTo(-5);
        assertThat(v.flag(AT_EXTERNAL)).isTrue();
        assertThat(v.flag(AT_ARTIFICIAL)).isTrue();
        assertThat(v.reference(AT_SIBLING)).hasValue(baseType);
        assertThat(v.reference(AT_SPECIFICATION)).isEmpty();
        assertThat(v.string(AT_DESCRIPTION)).hasValue("hi");
        assertThat(v.attribute(AT_BYTE_SIZE).orElseThrow().block()).containsExactly(7, 8, 9);
        assertThat(v.parent().orElseThrow().offset()).isEqualTo(12);
        assertThat(v.attributes()).hasSize(14);
    }
}
