package io.tinydbg.session;

import io.tinydbg.dwarf.GoConstants.Constant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * Describes an integer by its type's constants as Delve does: the name of the constant equal to it, else, when
 * every constant of the type is a single bit (a flag type), the names of the flags it is made of, or-ed in
 * increasing order ({@code FlagA|FlagC}). Names are shown without the package they share with the type.
 */
final class GoConstantNames {
    private GoConstantNames() {
    }

    /** {@code constants} by increasing value; empty when none describes {@code value}. */
    static Optional<String> describe(String typeName, List<Constant> constants, long value) {
        if (constants.isEmpty()) {
            return Optional.empty();
        }
        String pkg = packageOf(typeName);
        for (Constant c : constants) {
            if (c.value() == value) {
                return Optional.of(shortName(c.name(), pkg));
            }
        }
        if (value == 0 || !allSingleBits(constants)) {
            return Optional.empty();
        }
        List<String> names = new ArrayList<>();
        long rest = value;
        for (Constant c : constants) {
            if (c.value() != 0 && (rest & c.value()) == c.value()) {
                names.add(shortName(c.name(), pkg));
                rest &= ~c.value();
            }
        }
        return rest == 0 ? Optional.of(String.join("|", names)) : Optional.empty();
    }

    private static boolean allSingleBits(List<Constant> constants) {
        for (Constant c : constants) {
            if (c.value() != 0 && (c.value() & (c.value() - 1)) != 0) {
                return false;
            }
        }
        return true;
    }

    /** {@code example.com/m/pkg} of {@code example.com/m/pkg.Type}. */
    private static String packageOf(String typeName) {
        int slash = typeName.lastIndexOf('/');
        int dot = typeName.indexOf('.', slash + 1);
        return dot < 0 ? "" : typeName.substring(0, dot);
    }

    private static String shortName(String constant, String pkg) {
        return !pkg.isEmpty() && constant.startsWith(pkg + ".") ? constant.substring(pkg.length() + 1) : constant;
    }
}
