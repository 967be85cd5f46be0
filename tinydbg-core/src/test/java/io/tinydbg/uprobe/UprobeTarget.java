package io.tinydbg.uprobe;

import static org.assertj.core.api.Assertions.fail;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.RandomAccessFile;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The uprobed fixture (src/test/fixtures/engine/uprobed.c) run untraced through ProcessBuilder: it waits for a
 * byte on stdin before doing anything, so probes go in first. Also the oracles the tests compare with: nm and
 * objdump, and the load bias from /proc/PID/maps.
 */
final class UprobeTarget implements AutoCloseable {
    final Process process;
    final BufferedReader stdout;

    private UprobeTarget(Process process) {
        this.process = process;
        this.stdout = new BufferedReader(new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8));
    }

    static Path binary() {
        String dir = System.getProperty("tinydbg.fixtures");
        if (dir == null) {
            throw new IllegalStateException("system property tinydbg.fixtures is not set; run through Maven");
        }
        Path p = Path.of(dir, "uprobed");
        if (!Files.isRegularFile(p)) {
            throw new IllegalStateException("fixture " + p + " was not built (see src/test/fixtures/build.sh)");
        }
        return p;
    }

    static UprobeTarget start(String... args) throws IOException {
        List<String> cmd = new java.util.ArrayList<>(List.of(binary().toString()));
        cmd.addAll(List.of(args));
        return new UprobeTarget(new ProcessBuilder(cmd).redirectError(ProcessBuilder.Redirect.INHERIT).start());
    }

    int pid() {
        return (int) process.pid();
    }

    /** Lets the fixture run. */
    void go() throws IOException {
        process.getOutputStream().write('x');
        process.getOutputStream().flush();
    }

    int awaitExit() throws InterruptedException {
        if (!process.waitFor(2, TimeUnit.MINUTES)) {
            process.destroyForcibly();
            fail("uprobed did not exit");
        }
        return process.exitValue();
    }

    /** Where the fixture's first byte is mapped: the load bias of this PIE, whose first segment is at vaddr 0. */
    long loadBias() throws IOException {
        String bin = binary().toRealPath().toString();
        for (String line : Files.readAllLines(Path.of("/proc/" + pid() + "/maps"))) {
            String[] f = line.trim().split("\\s+");
            if (f.length >= 6 && f[5].equals(bin) && Long.parseLong(f[2], 16) == 0) {
                return Long.parseUnsignedLong(f[0].substring(0, f[0].indexOf('-')), 16);
            }
        }
        throw new AssertionError("uprobed is not mapped in " + pid());
    }

    /** One byte of the process's memory, read through /proc/PID/mem (as root). */
    int byteAt(long address) throws IOException {
        try (RandomAccessFile mem = new RandomAccessFile("/proc/" + pid() + "/mem", "r")) {
            mem.seek(address);
            return mem.read();
        }
    }

    @Override
    public void close() {
        process.destroyForcibly();
    }

    /** The symbol value of {@code name} in the uprobed fixture, from nm. */
    static long symbol(String name) {
        return symbolIn(binary(), name);
    }

    /** The symbol value of {@code name} in {@code file}, from nm. */
    static long symbolIn(Path file, String name) {
        for (String line : run("nm", file.toString()).split("\n")) {
            String[] f = line.trim().split("\\s+");
            if (f.length == 3 && f[2].equals(name)) {
                return Long.parseUnsignedLong(f[0], 16);
            }
        }
        throw new AssertionError("nm finds no " + name);
    }

    /** The addresses of {@code function}'s instructions whose mnemonic is {@code mnemonic}, from objdump. */
    static List<Long> instructions(String function, String mnemonic) {
        String dis = run("objdump", "-d", "--no-show-raw-insn", binary().toString());
        String body = dis.substring(dis.indexOf("<" + function + ">:"));
        body = body.substring(0, body.indexOf("\n\n"));
        Matcher m = Pattern.compile("(?m)^\\s*([0-9a-f]+):\\s*" + mnemonic + "\\b").matcher(body);
        return m.results().map(r -> Long.parseLong(r.group(1), 16)).toList();
    }

    /** The address of the instruction after {@code caller}'s call to {@code callee}, from objdump. */
    static long returnSite(String caller, String callee) {
        String dis = run("objdump", "-d", "--no-show-raw-insn", binary().toString());
        String body = dis.substring(dis.indexOf("<" + caller + ">:"));
        Matcher m = Pattern.compile("call\\s+[0-9a-f]+ <" + callee + ">\\n\\s*([0-9a-f]+):").matcher(body);
        if (!m.find()) {
            throw new AssertionError("objdump shows no call from " + caller + " to " + callee);
        }
        return Long.parseLong(m.group(1), 16);
    }

    /** objdump's output for {@code file} with {@code options}. */
    static String objdump(Path file, String... options) {
        List<String> cmd = new java.util.ArrayList<>(List.of("objdump"));
        cmd.addAll(List.of(options));
        cmd.add(file.toString());
        return run(cmd.toArray(String[]::new));
    }

    private static String run(String... cmd) {
        try {
            Process p = new ProcessBuilder(cmd).redirectError(ProcessBuilder.Redirect.INHERIT).start();
            String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            if (p.waitFor() != 0) {
                throw new AssertionError("failed: " + String.join(" ", cmd));
            }
            return out;
        } catch (IOException e) {
            throw new AssertionError(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError(e);
        }
    }
}
