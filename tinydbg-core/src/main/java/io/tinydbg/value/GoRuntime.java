package io.tinydbg.value;

import io.tinydbg.dwarf.types.DwarfType;
import java.util.Optional;

/**
 * What decoding Go values needs from the program beyond a value's own DWARF type: the type an interface's type
 * descriptor stands for, and the function a func value's code pointer is in. Addresses are the process's.
 */
public interface GoRuntime {
    /** For programs that are not Go, or when the binary cannot be read: nothing is known. */
    GoRuntime NONE = new GoRuntime() {
        @Override
        public Optional<DwarfType> typeAt(long descriptor) {
            return Optional.empty();
        }

        @Override
        public Optional<String> functionAt(long pc) {
            return Optional.empty();
        }
    };

    /** The type whose runtime descriptor ({@code runtime._type}) is at {@code descriptor}. */
    Optional<DwarfType> typeAt(long descriptor);

    /** The name of the function whose code contains {@code pc}. */
    Optional<String> functionAt(long pc);

    /**
     * How Delve describes an integer of the named type {@code typeName} by the program's constants: the constant's
     * name ({@code Green}), or for flag types (every constant a single bit) the names or-ed ({@code FlagA|FlagC});
     * empty when no constant describes it.
     */
    default Optional<String> constantName(String typeName, long value) {
        return Optional.empty();
    }
}
