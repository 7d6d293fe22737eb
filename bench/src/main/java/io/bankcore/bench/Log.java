package io.bankcore.bench;

import java.io.PrintStream;
import java.util.Locale;

/** Progress lines: printed as they come and kept for report.txt. */
final class Log {
    private final PrintStream out;
    private final StringBuilder text = new StringBuilder();

    Log(PrintStream out) {
        this.out = out;
    }

    synchronized void say(String format, Object... args) {
        String line = String.format(Locale.ROOT, format, args);
        out.println(line);
        text.append(line).append('\n');
    }

    synchronized String text() {
        return text.toString();
    }
}
