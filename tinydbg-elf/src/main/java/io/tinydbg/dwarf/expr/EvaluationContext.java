package io.tinydbg.dwarf.expr;

/**
 * The machine state an expression reads: registers and memory of one frame of a live process (implemented by
 * tinydbg-core over ptrace), or a synthetic state in tests. Methods throw {@link EvaluationException} when the
 * requested state is unavailable.
 */
public interface EvaluationContext {
    /** The value of DWARF register {@code dwarfRegister} in this frame. */
    long register(int dwarfRegister);

    /** {@code length} bytes of target memory at {@code address}. */
    byte[] readMemory(long address, int length);

    /** The frame base of the function (the value of its DW_AT_frame_base), for DW_OP_fbreg. */
    long frameBase();

    /** The canonical frame address of this frame, for DW_OP_call_frame_cfa. */
    long cfa();

    /** The current pc of this frame. */
    long pc();

    /** The value {@code subExpression} had on entry to the current function (DW_OP_entry_value). */
    default long entryValue(byte[] subExpression) {
        throw new EvaluationException("entry value unavailable");
    }

    /** The address of thread-local {@code offset} in the current thread (DW_OP_form_tls_address). */
    default long tlsAddress(long offset) {
        throw new EvaluationException("thread-local storage address unavailable");
    }

    /** The address of the object being described (DW_OP_push_object_address). */
    default long objectAddress() {
        throw new EvaluationException("object address unavailable");
    }

    /** Entry {@code index} of the unit's {@code .debug_addr} table (DW_OP_addrx, DW_OP_constx, GNU index ops). */
    default long debugAddr(long index) {
        throw new EvaluationException(".debug_addr entry " + index + " unavailable");
    }
}
