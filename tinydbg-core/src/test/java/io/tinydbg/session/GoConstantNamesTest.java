package io.tinydbg.session;

import static org.assertj.core.api.Assertions.assertThat;

import io.tinydbg.dwarf.GoConstants.Constant;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * The rule checked byte for byte against dlv by GoParityTest (main package); here the cases that fixture cannot
 * show: package paths with dots and slashes, a constant of another package, and a zero-valued flag.
 */
class GoConstantNamesTest {
    private static final List<Constant> MODES = List.of(new Constant("example.com/fs/perm.None", 0),
            new Constant("example.com/fs/perm.Read", 1), new Constant("example.com/fs/perm.Write", 2),
            new Constant("other.Alias", 4));

    @Test
    void namesDropOnlyTheTypesOwnPackage() {
        assertThat(GoConstantNames.describe("example.com/fs/perm.Mode", MODES, 2)).hasValue("Write");
        assertThat(GoConstantNames.describe("example.com/fs/perm.Mode", MODES, 4)).hasValue("other.Alias");
        assertThat(GoConstantNames.describe("example.com/fs/perm.Mode", MODES, 0)).hasValue("None");
    }

    @Test
    void flagsOrInIncreasingOrderAndOnlyWhenEveryBitIsNamed() {
        assertThat(GoConstantNames.describe("example.com/fs/perm.Mode", MODES, 7))
                .hasValue("Read|Write|other.Alias");
        assertThat(GoConstantNames.describe("example.com/fs/perm.Mode", MODES, 9)).isEmpty();
        List<Constant> notFlags = List.of(new Constant("main.A", 1), new Constant("main.B", 3));
        assertThat(GoConstantNames.describe("main.T", notFlags, 4)).isEmpty();
        assertThat(GoConstantNames.describe("main.T", List.of(), 1)).isEmpty();
    }
}
