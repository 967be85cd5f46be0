package io.tinydbg.index;

import io.tinydbg.dwarf.DwarfSections;
import io.tinydbg.dwarf.UnitInfo;
import io.tinydbg.dwarf.line.LineProgram;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

/** The line programs of a binary's units, each decoded the first time a function of its unit needs it. */
final class LineTables {
    private final DwarfSections sections;
    private final Map<Long, LineProgram> byOffset = new ConcurrentHashMap<>();

    LineTables(DwarfSections sections) {
        this.sections = sections;
    }

    Optional<LineProgram> of(UnitInfo unit) {
        if (unit.stmtList().isEmpty()) {
            return Optional.empty();
        }
        long offset = unit.stmtList().getAsLong();
        return Optional.of(byOffset.computeIfAbsent(offset, o -> LineProgram.read(sections, o, unit.addressSize(),
                unit.compDir(), unit.name(), unit.strOffsetsBase())));
    }

    /** The file (named as gdb shows it) and line of the row covering {@code pc}. */
    Optional<SourceLine> lineAt(UnitInfo unit, long pc) {
        return of(unit).flatMap(p -> p.rowAt(pc).map(r -> new SourceLine(p.displayName(r.file()), r.line())));
    }
}
