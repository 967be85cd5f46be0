package io.tinydbg.dwarf.line.testsupport;

import io.tinydbg.dwarf.line.LineProgram;
import io.tinydbg.dwarf.line.LineProgramOffsets;
import io.tinydbg.dwarf.line.testsupport.UnitHeads.UnitHead;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import io.tinydbg.dwarf.line.LineLocation;

/**
 * Test-only: every line program of a fixture, in .debug_line order, each read with the comp_dir, name and
 * address size of the unit whose DW_AT_stmt_list points at it (per readelf), or none if no unit does.
 */
public final class FixturePrograms {
    private final ElfFileSections sections;
    private final List<LineProgram> programs;
    private final List<UnitHead> units;

    private FixturePrograms(Path binary) {
        this.sections = ElfFileSections.open(binary);
        this.units = UnitHeads.of(binary);
        Map<Long, UnitHead> byOffset = new HashMap<>();
        for (UnitHead u : units) {
            byOffset.putIfAbsent(u.stmtList(), u);
        }
        this.programs = new ArrayList<>();
        for (long offset : LineProgramOffsets.all(sections)) {
            UnitHead u = byOffset.get(offset);
            programs.add(u == null
                    ? LineProgram.read(sections, offset, 8, null, null)
                    : LineProgram.read(sections, offset, u.addressSize(), u.compDir(), u.name(), u.strOffsetsBase()));
        }
    }

    public static FixturePrograms of(Path binary) {
        return new FixturePrograms(binary);
    }

    public ElfFileSections sections() {
        return sections;
    }

    public List<LineProgram> programs() {
        return programs;
    }

    public List<UnitHead> units() {
        return units;
    }

    /** The first program that covers {@code pc}, with its location. */
    public Optional<LineLocation> lookup(long pc) {
        for (LineProgram p : programs) {
            Optional<LineLocation> l = p.lookup(pc);
            if (l.isPresent()) {
                return l;
            }
        }
        return Optional.empty();
    }

    /** The first program that covers {@code pc}. */
    public Optional<LineProgram> programAt(long pc) {
        for (LineProgram p : programs) {
            if (p.lookup(pc).isPresent()) {
                return Optional.of(p);
            }
        }
        return Optional.empty();
    }
}
