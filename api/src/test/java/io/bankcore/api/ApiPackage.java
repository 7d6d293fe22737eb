package io.bankcore.api;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.stream.Stream;

/** The records compiled from the api module's main sources, found on disk so that none is forgotten. */
final class ApiPackage {

    private ApiPackage() {}

    static List<Class<?>> records() {
        Path packageDir = mainClassesDirectory().resolve("io/bankcore/api");
        List<Class<?>> records = new ArrayList<>();
        try (Stream<Path> files = Files.list(packageDir)) {
            for (Path file : files.toList()) {
                String name = file.getFileName().toString();
                if (name.endsWith(".class") && !name.contains("$")) {
                    Class<?> type = load("io.bankcore.api." + name.substring(0, name.length() - ".class".length()));
                    if (type.isRecord()) {
                        records.add(type);
                    }
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot list " + packageDir, e);
        }
        if (records.isEmpty()) {
            throw new AssertionError("no records found in " + packageDir);
        }
        records.sort(Comparator.comparing(Class::getName));
        return records;
    }

    static List<Class<?>> commands() {
        return records().stream()
                .filter(type -> type.getSimpleName().endsWith("Command"))
                .toList();
    }

    private static Path mainClassesDirectory() {
        try {
            Path location = Path.of(MoneyDepositedEvent.class
                    .getProtectionDomain()
                    .getCodeSource()
                    .getLocation()
                    .toURI());
            if (!Files.isDirectory(location)) {
                throw new AssertionError("expected the api classes in a directory, found " + location);
            }
            return location;
        } catch (URISyntaxException e) {
            throw new AssertionError(e);
        }
    }

    private static Class<?> load(String className) {
        try {
            return Class.forName(className);
        } catch (ClassNotFoundException e) {
            throw new AssertionError(className, e);
        }
    }
}
