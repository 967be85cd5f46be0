package io.tinydbg.index;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.tinydbg.TinydbgException;
import io.tinydbg.bytes.MalformedInputException;
import io.tinydbg.testing.Fixtures;
import io.tinydbg.testing.Oracle;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** Names, selection with follow-calls, language specifics and separate debug files. */
class FunctionIndexTest {

    private static List<String> names(List<IndexedFunction> functions) {
        return functions.stream().map(f -> f.function().name()).toList();
    }

    private static Map<String, Integer> depths(List<IndexedFunction> functions) {
        return functions.stream().collect(Collectors.toMap(f -> f.function().name(), IndexedFunction::depth,
                (a, b) -> a));
    }

    @Test
    void findSemanticsLeaveAnchoringToTheUser() {
        try (FunctionIndex index = FunctionIndex.open(Fixtures.path("sample-O0"))) {
            assertThat(names(index.select(FunctionPattern.compile("^add_ints$"), 0))).containsExactly("add_ints");
            assertThat(names(index.select(FunctionPattern.compile("ints"), 0))).contains("add_ints");
            assertThat(index.match(FunctionPattern.compile("^nothing_like_this$"))).isEmpty();
            assertThat(index.closeNames("ad_ints", 3)).contains("add_ints");
        }
    }

    @Test
    void followCallsWalksBreadthFirstAndKeepsTheShallowestDepth() {
        try (FunctionIndex index = FunctionIndex.open(Fixtures.path("sample-O0"))) {
            List<IndexedFunction> one = index.select(FunctionPattern.compile("^main$"), 1);
            assertThat(names(one)).containsExactly("main");
            Map<String, Integer> two = depths(index.select(FunctionPattern.compile("^main$"), 2));
            assertThat(two).containsEntry("main", 1).containsEntry("add_ints", 2).containsEntry("fib", 2)
                    .containsEntry("apply", 2).containsEntry("jump_deep", 2).containsEntry("file_local", 2);
            assertThat(two).doesNotContainKey("square"); // inlined into sum_squares, never called
            // work is called by main directly (depth 2) and by apply only through a pointer
            assertThat(two.get("work")).isEqualTo(2);
            Map<String, Integer> fromApply = depths(index.select(FunctionPattern.compile("^apply$"), 3));
            assertThat(fromApply).containsOnlyKeys("apply");
            Map<String, Integer> fib = depths(index.select(FunctionPattern.compile("^fib$"), 5));
            assertThat(fib).containsExactly(Map.entry("fib", 1)); // recursion does not go deeper
        }
    }

    @Test
    void describesReturnsCallsAndParametersOfAFunction() {
        try (FunctionIndex index = FunctionIndex.open(Fixtures.path("sample-O0"))) {
            FunctionInfo main = index.match(FunctionPattern.compile("^main$")).get(0);
            assertThat(main.callees()).contains("add_ints", "work", "fib", "greet").doesNotContain("square");
            FunctionInfo early = index.match(FunctionPattern.compile("^early_returns$")).get(0);
            assertThat(early.returns()).isNotEmpty().allSatisfy(r -> assertThat(early.contains(r)).isTrue());
            assertThat(early.prologueEnd()).isGreaterThan(early.entry());
            assertThat(early.language()).startsWith("C");
            assertThat(early.producer()).contains("GNU C");
            FunctionInfo apply = index.match(FunctionPattern.compile("^apply$")).get(0);
            assertThat(apply.callSites()).anySatisfy(s -> assertThat(s.indirect()).isTrue());
            assertThat(apply.params()).extracting(ParameterInfo::name).containsExactly("op", "a", "b");
            assertThat(apply.params().get(0).typeName()).isEqualTo("binop");
        }
    }

    @Test
    void tailCallsAtO2AreCallSites() {
        try (FunctionIndex index = FunctionIndex.open(Fixtures.path("sample-O2"))) {
            FunctionInfo sq = index.match(FunctionPattern.compile("^sum_squares$")).get(0);
            assertThat(sq.alsoInlined()).isFalse();
            List<FunctionInfo> square = index.match(FunctionPattern.compile("^square$"));
            assertThat(square).isEmpty(); // only inlined copies exist; there is nothing to trace at an entry
            FunctionInfo jump = index.match(FunctionPattern.compile("^jump_deep$")).get(0);
            assertThat(jump.callSites()).isNotEmpty();
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {"shapes-O0", "shapes-O2"})
    void cppNamesMatchQualifiedDemangledAndMangled(String fixture) {
        try (FunctionIndex index = FunctionIndex.open(Fixtures.path(fixture))) {
            FunctionInfo area = index.match(FunctionPattern.compile("^shapes::Rect::area$")).get(0);
            assertThat(area.linkageName()).isEqualTo("_ZNK6shapes4Rect4areaEv");
            assertThat(index.match(FunctionPattern.compile("^_ZNK6shapes4Rect4areaEv$")))
                    .extracting(FunctionInfo::entry).containsExactly(area.entry());
            String nm = Oracle.run("nm", Fixtures.path(fixture).toString());
            assertThat(nm).contains(String.format("%016x T _ZNK6shapes4Rect4areaEv", area.entry()));
            assertThat(index.match(FunctionPattern.compile("shapes::overloaded"))).hasSize(2);
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {"rsample-legacy", "rsample-v0"})
    void rustPathsMatchUnderBothManglings(String fixture) {
        try (FunctionIndex index = FunctionIndex.open(Fixtures.path(fixture))) {
            List<FunctionInfo> bump = index.match(FunctionPattern.compile("^rsample::Counter::bump$"));
            assertThat(bump).hasSize(1);
            assertThat(bump.get(0).language()).isEqualTo("Rust");
            assertThat(bump.get(0).params()).extracting(ParameterInfo::name).containsExactly("self", "by");
            assertThat(bump.get(0).resultTypes()).containsExactly("u64");
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {"gosample", "gosample-nl"})
    void goNamesResultsAndRuntimeRules(String fixture) {
        try (FunctionIndex index = FunctionIndex.open(Fixtures.path(fixture))) {
            assertThat(index.isGo()).isTrue();
            FunctionInfo bump = index.match(FunctionPattern.compile("^main\\.\\(\\*Counter\\)\\.Bump$")).get(0);
            assertThat(bump.language()).isEqualTo("Go");
            FunctionInfo divide = index.match(FunctionPattern.compile("^main\\.Divide$")).get(0);
            assertThat(divide.params()).extracting(ParameterInfo::name).containsExactly("a", "b", "q", "err");
            assertThat(divide.resultTypes()).containsExactly("int", "error");
            assertThat(divide.prologueEnd()).isGreaterThan(divide.entry());
            Map<String, Integer> fromMain = depths(index.select(FunctionPattern.compile("^main\\.main$"), 3));
            assertThat(fromMain.keySet()).noneMatch(n -> n.startsWith("runtime.") && !n.equals("runtime.deferreturn")
                    && !n.equals("runtime.gopanic") && !n.equals("runtime.gorecover"));
            assertThat(fromMain).containsEntry("main.main", 1);
        }
    }

    @Test
    void separateDebugFileByBuildIdUnderAConfiguredRoot() {
        Path bin = Fixtures.path("sample-buildid");
        IndexOptions options = IndexOptions.defaults().withDebugRoots(List.of(Fixtures.dir().resolve("debugroot")));
        try (FunctionIndex index = FunctionIndex.open(bin, options)) {
            assertThat(index.debugFile()).isPresent();
            FunctionInfo add = index.match(FunctionPattern.compile("^add_ints$")).get(0);
            assertThat(add.hasDebugInfo()).isTrue();
            assertThat(add.params()).extracting(ParameterInfo::name).containsExactly("a", "b");
            assertThat(add.returns()).isNotEmpty(); // code comes from the stripped binary itself
        }
        try (FunctionIndex withoutRoot = FunctionIndex.open(bin)) {
            assertThat(withoutRoot.hasDebugInfo()).isFalse();
        }
    }

    @Test
    void separateDebugFileByDebuglinkAndMiniDebugInfo() {
        try (FunctionIndex index = FunctionIndex.open(Fixtures.path("sample-debuglink"))) {
            assertThat(index.debugFile()).isPresent();
            assertThat(index.match(FunctionPattern.compile("^greet$")).get(0).params()).hasSize(2);
        }
        try (FunctionIndex index = FunctionIndex.open(Fixtures.path("sample-minidebug"))) {
            // file_local is static: only the MiniDebugInfo symbol table knows it
            FunctionInfo local = index.match(FunctionPattern.compile("^file_local$")).get(0);
            assertThat(local.hasDebugInfo()).isFalse();
            assertThat(local.returns()).isNotEmpty();
            assertThat(local.params()).isEmpty();
        }
    }

    @Test
    void noDwarfStillGivesFunctionsFromSymbols() {
        try (FunctionIndex index = FunctionIndex.open(Fixtures.path("sample-nodebug"))) {
            assertThat(index.hasDebugInfo()).isFalse();
            FunctionInfo add = index.match(FunctionPattern.compile("^add_ints$")).get(0);
            assertThat(add.source().known()).isFalse();
            assertThat(add.returns()).hasSize(1);
            assertThat(add.prologueEnd()).isGreaterThan(add.entry()); // after push rbp; mov rbp,rsp
        }
    }

    @Test
    void badInputGivesTypedErrors(@TempDir Path dir) throws Exception {
        assertThatThrownBy(() -> FunctionIndex.open(dir.resolve("missing")))
                .isInstanceOf(TinydbgException.class).hasMessageContaining("missing");
        Path text = Files.writeString(dir.resolve("notes.txt"), "hello, not an ELF file at all");
        assertThatThrownBy(() -> FunctionIndex.open(text)).isInstanceOf(MalformedInputException.class)
                .hasMessageContaining("notes.txt");
        assertThatThrownBy(() -> FunctionPattern.compile("add_(ints")).isInstanceOf(InvalidPatternException.class)
                .hasMessageContaining("add_(ints");
    }

    @Test
    void namesAreUniquePerEntry() {
        try (FunctionIndex index = FunctionIndex.open(Fixtures.path("gosample"))) {
            Map<Long, Long> perEntry = index.all().stream().collect(Collectors.groupingBy(
                    f -> f.function().entry(), Collectors.counting()));
            assertThat(perEntry.values()).allMatch(n -> n == 1);
            assertThat(index.all().stream().map(f -> f.function().entry()).collect(Collectors.toMap(
                    Function.identity(), e -> 1, Integer::sum))).hasSize(index.size());
        }
    }
}
