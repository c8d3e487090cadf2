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

    /** The format to read {@code input} as: {@code given}, else the one its extension names (exit 2 if neither). */
    public static InputFormat resolve(String input, Optional<InputFormat> given) {
        return given.or(() -> fromExtension(input)).orElseThrow(() -> org.cropsgd.errors.Errors.unknownFormat(input));
    }

    /**
     * The format the extension of a path's last segment names (".csv", ".parquet", ".orc", also before a
     * compression suffix such as ".gz"). Folder names higher up the path do not count.
     */
    public static Optional<InputFormat> fromExtension(String path) {
        String trimmed = path.toLowerCase(Locale.ROOT).replaceAll("/+$", "");
        String name = trimmed.substring(trimmed.lastIndexOf('/') + 1)
                .replaceFirst("\\.(gz|bz2|snappy|zst|lz4|deflate|xz)$", "");
        for (InputFormat format : values()) {
            if (name.endsWith("." + format.sourceName())) {
                return Optional.of(format);
            }
        }
        return Optional.empty();
    }
}
