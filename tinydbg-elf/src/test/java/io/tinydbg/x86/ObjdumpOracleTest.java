package io.tinydbg.x86;

import static org.assertj.core.api.Assertions.assertThat;

import io.tinydbg.testing.Fixtures;
import io.tinydbg.x86.testsupport.ObjdumpListing;
import io.tinydbg.x86.testsupport.Sweeps;
import io.tinydbg.x86.testsupport.TestElf;
import java.nio.ByteBuffer;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Every instruction boundary, return, call and jump our sweep finds in a whole .text equals what
 * {@code objdump -d} prints, restarting where objdump restarts (at symbols and after skipped zeros).
 */
class ObjdumpOracleTest {

    @ParameterizedTest
    @ValueSource(strings = {"/lib/x86_64-linux-gnu/libc.so.6", "gosample", "gosample-nl", "sample-O2", "shapes-O2",
            "x86-cet-O2", "rsample-v0"})
    void boundariesAndBranchesEqualObjdump(String name) {
        Path file = name.startsWith("/") ? Path.of(name) : Fixtures.path(name);
        TestElf elf = TestElf.open(file);
        TestElf.Section text = elf.section(".text").orElseThrow();
        ByteBuffer bytes = elf.bytes(text);
        ObjdumpListing listing = ObjdumpListing.of(file, ".text");

        List<Instruction> ours = Sweeps.ours(bytes, text.address(), listing);
        TreeSet<Long> ourAddresses = new TreeSet<>();
        ours.forEach(i -> ourAddresses.add(i.address()));
        TreeSet<Long> theirAddresses = new TreeSet<>();
        listing.lines().forEach(l -> theirAddresses.add(l.address()));

        assertThat(theirAddresses.size()).as("objdump lines").isGreaterThan(150);
        List<String> diffs = new ArrayList<>();
        for (Long a : theirAddresses) {
            if (!ourAddresses.contains(a) && diffs.size() < 20) {
                diffs.add("objdump only 0x" + Long.toHexString(a) + " near " + context(ours, a));
            }
        }
        for (Long a : ourAddresses) {
            if (!theirAddresses.contains(a) && diffs.size() < 40) {
                diffs.add("ours only 0x" + Long.toHexString(a) + " near " + context(ours, a));
            }
        }
        assertThat(diffs).as("boundary differences in " + file).isEmpty();

        Map<Long, String> ourBranches = Sweeps.ourBranches(ours);
        Map<Long, String> theirBranches = Sweeps.objdumpBranches(listing.lines());
        assertThat(ourBranches).as("branches").hasSizeGreaterThan(20);
        assertThat(ourBranches).isEqualTo(theirBranches);
    }

    private static String context(List<Instruction> ours, long address) {
        for (int i = 0; i < ours.size(); i++) {
            if (ours.get(i).address() >= address) {
                return ours.subList(Math.max(0, i - 2), Math.min(ours.size(), i + 2)).toString();
            }
        }
        return "end";
    }
}
