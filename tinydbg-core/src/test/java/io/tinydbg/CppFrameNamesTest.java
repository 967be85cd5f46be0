package io.tinydbg;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * C++ frames are named as gdb's {@code bt} names them: function templates with value arguments ({@code pick<2ul>},
 * {@code std::thread::_Invoker<...>::_M_invoke<0ul, 1ul>}), a class template's method, a lambda's
 * {@code operator()}, the std::function and std::thread machinery between them.
 *
 * <p>Where gdb cannot parse a function's full name to strip its parameters (a function type as a template
 * argument, {@code std::function<int (int)>}; a lambda in one, {@code main()::<lambda(int)>}) it prints the name
 * with parameter types written by its own type printer; tinydbg does not imitate that, so such frames (gdb's name
 * ends in a parameter list) are left out of the comparison but still counted.
 */
@Timeout(180)
class CppFrameNamesTest {
    private static final Pattern WITH_PARAMETERS = Pattern.compile(".*[^(]\\)( const)?$");

    @TempDir
    Path tmp;

    @ParameterizedTest
    @ValueSource(strings = {"templates-O0", "templates-O2"})
    void framesAreNamedAsGdbNamesThem(String fixture) throws Exception {
        Path bin = TracerTest.fixture(fixture);
        Path debugDir = Path.of("/usr/lib/debug");
        List<TraceEvent> events = TracerTest.trace(Tracer.exec(bin).functions("^leaf$").stack(64)
                .debugRoots(List.of(debugDir)).redirect(Path.of("/dev/null"), null));
        List<List<String>> ours = events.stream().filter(e -> e.kind() == TraceEvent.Kind.CALL)
                .map(e -> e.stack().stream().map(StackFrame::function).toList()).toList();
        List<List<String>> gdb = GdbBacktraces.at(bin, List.of("leaf"), debugDir, tmp);
        assertThat(ours).hasSize(3).hasSize(gdb.size());
        int compared = 0;
        for (int i = 0; i < ours.size(); i++) {
            assertThat(ours.get(i)).as("stop %d", i).hasSize(gdb.get(i).size());
            List<String> mine = new ArrayList<>();
            List<String> theirs = new ArrayList<>();
            for (int f = 0; f < ours.get(i).size(); f++) {
                if (!WITH_PARAMETERS.matcher(gdb.get(i).get(f)).matches()) {
                    mine.add(ours.get(i).get(f));
                    theirs.add(gdb.get(i).get(f));
                }
            }
            assertThat(mine).as("stop %d", i).isEqualTo(theirs);
            compared += mine.size();
        }
        assertThat(compared).isGreaterThan(12);
        if (fixture.endsWith("O0")) {
            assertThat(ours.get(0)).contains("pick<2ul>", "Box<int, 2>::get");
            assertThat(ours.get(2)).contains("std::thread::_Invoker<std::tuple<void (*)(int), int> >::_M_invoke<0ul, 1ul>");
        }
    }
}
