package io.tinydbg.examples;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/** The README's JShell command and the monitoring tool, run as the README says. */
class ExamplesTest {

    @Test
    void theJShellScriptTracesTheDemo() throws Exception {
        Path jshell = Path.of(System.getProperty("java.home"), "bin", "jshell");
        Process p = new ProcessBuilder(jshell.toString(), "-R-Dtinydbg.demo=target/demo/demo", "--class-path",
                System.getProperty("java.class.path"), "src/main/jshell/trace-demo.jsh").redirectErrorStream(true)
                .start();
        p.getOutputStream().close();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(p.waitFor(120, TimeUnit.SECONDS)).isTrue();
        assertThat(out).contains("> add_ints(a=1, b=10)").contains("< fib => (5)").contains("exit status 0");
    }

    @Test
    void theMonitorReportsCallsAndMeanDuration() {
        CallMonitor monitor = new CallMonitor();
        try (io.tinydbg.TraceSession s = io.tinydbg.Tracer.exec(Path.of("target/demo/demo")).functions("^fib$")
                .redirect(Path.of("/dev/null"), null).onHit(monitor::record).start()) {
            assertThat(s.awaitExit()).isZero();
        }
        List<String> lines = monitor.report().lines().toList();
        assertThat(lines).hasSize(1);
        assertThat(lines.get(0)).startsWith("fib").contains("15 calls/s").contains("us mean");
        assertThat(monitor.report()).contains("0 calls/s"); // a new period starts empty
    }
}
