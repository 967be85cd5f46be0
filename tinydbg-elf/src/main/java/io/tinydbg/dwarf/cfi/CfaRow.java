package io.tinydbg.dwarf.cfi;

import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;

/**
 * One row of the call frame table: the rules valid from {@code address} (inclusive) to {@code endAddress}
 * (exclusive).
 *
 * @param address               first pc the row applies to
 * @param endAddress            first pc past the row
 * @param cfa                   how to compute the CFA
 * @param registers             the rules of every register the CIE and FDE mention, by DWARF number
 * @param returnAddressRegister the column holding the return address (16 on x86-64)
 * @param signalFrame           the frame is a signal trampoline (augmentation 'S'): its pc is not a return address
 */
public record CfaRow(long address, long endAddress, CfaRule cfa, Map<Integer, RegisterRule> registers,
        int returnAddressRegister, boolean signalFrame) {
    public CfaRow {
        registers = java.util.Collections.unmodifiableMap(new TreeMap<>(registers));
    }

    /** The rule of {@code dwarfRegister}, or empty when neither CIE nor FDE mention it. */
    public Optional<RegisterRule> rule(int dwarfRegister) {
        return Optional.ofNullable(registers.get(dwarfRegister));
    }

    /** The rule of the return address column. */
    public Optional<RegisterRule> returnAddressRule() {
        return rule(returnAddressRegister);
    }
}
