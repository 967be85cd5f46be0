package io.tinydbg.cli;

/** Entry point of the {@code tinydbg} command-line tool. */
public final class Main {
    private Main() {
    }

    public static void main(String[] args) {
        System.err.println("tinydbg: no commands yet");
        System.exit(1);
    }
}
