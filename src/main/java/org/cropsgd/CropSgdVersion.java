package org.cropsgd;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.Properties;

/** The version of cropsgd, as the build stamped it into the jar. */
public final class CropSgdVersion {
    private static final String VERSION = load();

    private CropSgdVersion() {}

    public static String get() {
        return VERSION;
    }

    private static String load() {
        try (InputStream in = CropSgdVersion.class.getResourceAsStream("version.properties")) {
            if (in == null) {
                return "unknown";
            }
            Properties properties = new Properties();
            properties.load(in);
            return properties.getProperty("version", "unknown");
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
