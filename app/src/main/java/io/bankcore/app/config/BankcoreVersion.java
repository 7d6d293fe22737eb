package io.bankcore.app.config;

import java.io.IOException;
import java.io.InputStream;
import java.util.Properties;

/**
 * This build's version: the Maven project version, as the build-info goal wrote it into
 * {@code META-INF/build-info.properties} (what {@code /actuator/info} shows as {@code build.version}).
 * Read once, statically, because Tomcat's error report, which answers before any Spring bean is
 * reached, states it too. {@code unknown} when the classes were built without Maven.
 */
public final class BankcoreVersion {

    /** The response header every answer carries. */
    public static final String HEADER = "Bankcore-Version";

    private static final String CURRENT = load();

    private BankcoreVersion() {}

    public static String current() {
        return CURRENT;
    }

    private static String load() {
        try (InputStream in = BankcoreVersion.class.getResourceAsStream("/META-INF/build-info.properties")) {
            if (in == null) {
                return "unknown";
            }
            var properties = new Properties();
            properties.load(in);
            return properties.getProperty("build.version", "unknown");
        } catch (IOException unreadable) {
            return "unknown";
        }
    }
}
