package io.bankcore.bench;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;

/** Commands and files whose failure only leaves a figure empty. */
final class Shell {
    private Shell() {}

    /** The command's output and error output together; empty when it cannot run. */
    static String run(List<String> command, int timeoutS) {
        try {
            Process p = new ProcessBuilder(command).redirectErrorStream(true).start();
            byte[] bytes = p.getInputStream().readAllBytes();
            p.waitFor(timeoutS, TimeUnit.SECONDS);
            return new String(bytes, StandardCharsets.UTF_8);
        } catch (IOException e) {
            return "";
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return "";
        }
    }

    static String readFile(String path) {
        try {
            return Files.readString(Path.of(path));
        } catch (IOException e) {
            return "";
        }
    }
}
