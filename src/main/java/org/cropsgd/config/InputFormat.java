package org.cropsgd.config;

import java.util.Locale;
import java.util.Optional;

/** The table formats {@code train} reads; each is Spark's own data source of the same name. */
public enum InputFormat {
    CSV, PARQUET, ORC;

    /** The Spark data source name. */
    public String sourceName() {
        return name().toLowerCase(Locale.ROOT);
    }

    /** The format a path's extension names (".csv", ".parquet", ".orc", also after ".gz" and the like). */
    public static Optional<InputFormat> fromExtension(String path) {
        String name = path.toLowerCase(Locale.ROOT).replaceAll("/+$", "");
        for (InputFormat format : values()) {
            String ext = "." + format.sourceName();
            if (name.endsWith(ext) || name.contains(ext + ".")) {
                return Optional.of(format);
            }
        }
        return Optional.empty();
    }
}
