package io.tinydbg.dwarf.cfi;

import java.util.Optional;

/**
 * Anything that answers "which CFA row applies at this pc": a {@link CallFrameTable} of one binary, the same
 * table shifted by a load bias, or a process-wide lookup over every mapped module.
 */
@FunctionalInterface
public interface FrameRules {
    /** The row covering {@code pc}, or empty when no frame description covers it. */
    Optional<CfaRow> rowAt(long pc);

    /** These rules for a module loaded {@code bias} bytes above its file addresses (PIE, shared libraries). */
    default FrameRules withBias(long bias) {
        FrameRules self = this;
        return pc -> self.rowAt(pc - bias).map(r -> new CfaRow(r.address() + bias, r.endAddress() + bias, r.cfa(),
                r.registers(), r.returnAddressRegister(), r.signalFrame()));
    }
}
