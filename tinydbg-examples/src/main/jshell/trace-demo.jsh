// Traces the bundled demo target with the tinydbg library from JShell. Run from the repository root:
//   jshell --class-path tinydbg-examples/target/tinydbg.jar tinydbg-examples/src/main/jshell/trace-demo.jsh
import io.tinydbg.*;
import java.nio.file.Path;

var demo = Path.of(System.getProperty("tinydbg.demo", "tinydbg-examples/target/demo/demo"));
try (TraceSession s = Tracer.exec(demo).functions("^(add_ints|fib|greet|manhattan)$")
        .onHit(e -> System.out.println(e)).start()) {
    System.out.println("exit status " + s.awaitExit());
}
/exit
