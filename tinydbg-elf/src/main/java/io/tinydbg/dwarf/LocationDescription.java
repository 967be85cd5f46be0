package io.tinydbg.dwarf;

import java.util.List;
import java.util.Optional;

/**
 * Where a variable or the frame base lives: one DWARF expression valid everywhere in its scope, a location list
 * whose expressions each hold for a range of pcs, or nothing (optimized out). The expressions stay as bytes for
 * the expression evaluator.
 */
public sealed interface LocationDescription
        permits LocationDescription.Expression, LocationDescription.LocationList, LocationDescription.None {

    /** The expression that holds at {@code pc}, if any. */
    Optional<byte[]> at(long pc);

    /** A single expression (DW_FORM_exprloc or a block form). */
    record Expression(byte[] ops) implements LocationDescription {
        @Override
        public Optional<byte[]> at(long pc) {
            return Optional.of(ops);
        }
    }

    /** A location list whose entries are already resolved to absolute, half-open address ranges. */
    record LocationList(List<LocationListEntry> entries) implements LocationDescription {
        public LocationList {
            entries = List.copyOf(entries);
        }

        @Override
        public Optional<byte[]> at(long pc) {
            for (LocationListEntry e : entries) {
                if (e.contains(pc)) {
                    return Optional.of(e.ops());
                }
            }
            return Optional.empty();
        }
    }

    /** No location: the value is not available (optimized out). */
    record None() implements LocationDescription {
        public static final None INSTANCE = new None();

        @Override
        public Optional<byte[]> at(long pc) {
            return Optional.empty();
        }
    }
}
