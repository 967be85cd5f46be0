package io.tinydbg.dwarf;

import io.tinydbg.bytes.ByteCursor;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.OptionalLong;

/**
 * One debugging information entry. Attributes are decoded when asked for, from the bytes, so holding a Die costs
 * little; children and parent come from a per-unit index built the first time a unit's tree is navigated.
 */
public final class Die {
    private final UnitContext unit;
    private final long offset;
    private final Abbrev abbrev;
    private final int attributesAt;

    Die(UnitContext unit, long offset, Abbrev abbrev, int attributesAt) {
        this.unit = unit;
        this.offset = offset;
        this.abbrev = abbrev;
        this.attributesAt = attributesAt;
    }

    /** DW_TAG_* of this entry. */
    public int tag() {
        return abbrev.tag();
    }

    /** Absolute offset (with {@link Dwarf#TYPES_SECTION_FLAG} for {@code .debug_types}). */
    public long offset() {
        return offset;
    }

    public CompileUnit unit() {
        return unit.header();
    }

    UnitContext context() {
        return unit;
    }

    public boolean hasChildren() {
        return abbrev.hasChildren();
    }

    /** True when the entry has {@code attribute}, without decoding it. */
    public boolean has(int attribute) {
        return abbrev.indexOf(attribute) >= 0;
    }

    /** The value of {@code attribute}, decoded. */
    public Optional<AttributeValue> attribute(int attribute) {
        int index = abbrev.indexOf(attribute);
        if (index < 0) {
            return Optional.empty();
        }
        ByteCursor c = unit.cursorAt(attributesAt);
        for (int i = 0; i < index; i++) {
            FormReader.skip(c, abbrev.forms()[i], unit);
        }
        return Optional.of(FormReader.read(c, attribute, abbrev.forms()[index], abbrev.implicitConsts()[index], unit));
    }

    /** Every attribute in the order of the abbreviation. */
    public List<AttributeValue> attributes() {
        ByteCursor c = unit.cursorAt(attributesAt);
        List<AttributeValue> out = new ArrayList<>(abbrev.attributes().length);
        for (int i = 0; i < abbrev.attributes().length; i++) {
            out.add(FormReader.read(c, abbrev.attributes()[i], abbrev.forms()[i], abbrev.implicitConsts()[i], unit));
        }
        return out;
    }

    /** The string value of {@code attribute} ("" for strings kept in a file this library does not read). */
    public Optional<String> string(int attribute) {
        return attribute(attribute).flatMap(AttributeValue::asString);
    }

    /** DW_AT_name, or "". */
    public String name() {
        return string(DwarfConstants.AT_NAME).orElse("");
    }

    /** The number held by {@code attribute} (constant, address, flag, offset, index). */
    public OptionalLong unsigned(int attribute) {
        Optional<AttributeValue> v = attribute(attribute);
        return v.isPresent() ? v.get().asLong() : OptionalLong.empty();
    }

    /** True when the flag {@code attribute} is present and set. */
    public boolean flag(int attribute) {
        return unsigned(attribute).orElse(0) != 0;
    }

    /** The absolute offset of the DIE {@code attribute} refers to (through type units for ref_sig8). */
    public OptionalLong reference(int attribute) {
        Optional<AttributeValue> v = attribute(attribute);
        if (v.isPresent() && v.get().kind() == AttributeValue.Kind.REFERENCE) {
            return OptionalLong.of(v.get().value());
        }
        return OptionalLong.empty();
    }

    /** The entries directly below this one, in order. */
    public List<Die> children() {
        if (!abbrev.hasChildren()) {
            return List.of();
        }
        UnitIndex index = unit.dwarf().index(unit);
        int i = index.indexOf(offset);
        List<Die> out = new ArrayList<>();
        for (int child = index.firstChild(i); child >= 0; child = index.nextSibling(child)) {
            out.add(unit.dwarf().die(index.offset(child)));
        }
        return out;
    }

    /** The entry this one is a child of; empty for the unit's root. */
    public Optional<Die> parent() {
        UnitIndex index = unit.dwarf().index(unit);
        int p = index.parent(index.indexOf(offset));
        return p < 0 ? Optional.empty() : Optional.of(unit.dwarf().die(index.offset(p)));
    }

    @Override
    public String toString() {
        return "Die[0x" + Long.toHexString(offset) + " tag 0x" + Integer.toHexString(tag()) + "]";
    }
}
