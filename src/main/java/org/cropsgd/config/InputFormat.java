package org.cropsgd.config;

import java.util.Collection;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import java.util.function.Supplier;
import java.util.stream.Collectors;
import org.cropsgd.errors.Errors;

/** The table formats {@code train} reads; each is Spark's own data source of the same name. */
public enum InputFormat {
    CSV, PARQUET, ORC;

    /** The Spark data source name. */
    public String sourceName() {
        return name().toLowerCase(Locale.ROOT);
    }

    /** The format to read {@code input} as: {@code given}, else the one its extension names (exit 2 if neither). */
    public static InputFormat resolve(String input, Optional<InputFormat> given) {
        return resolve(input, given, List::of);
    }

    /**
     * The format to read {@code input} as: {@code given}, else the one its extension names, else the one
     * extension every one of its data files has ({@code dataFiles}: their names, asked only then; a folder
     * Spark wrote holds {@code part-….snappy.parquet} files). Exit 2 if none of these says, naming the
     * extensions found.
     */
    public static InputFormat resolve(String input, Optional<InputFormat> given,
            Supplier<? extends Collection<String>> dataFiles) {
        Optional<InputFormat> named = given.or(() -> fromExtension(input));
        if (named.isPresent()) {
            return named.get();
        }
        Collection<String> files = dataFiles.get();
        Set<Optional<InputFormat>> formats = files.stream().map(InputFormat::fromExtension)
                .collect(Collectors.toSet());
        if (formats.size() == 1 && formats.iterator().next().isPresent()) {
            return formats.iterator().next().get();
        }
        if (files.isEmpty()) {
            throw Errors.unknownFormat(input);
        }
        throw Errors.filesOfUnknownFormat(input, new TreeSet<>(files.stream().map(InputFormat::extension).toList()));
    }

    /** How a data file's name ends, as {@link #resolve} reports it: ".parquet", ".csv", ".txt", "no extension". */
    private static String extension(String file) {
        Optional<InputFormat> format = fromExtension(file);
        if (format.isPresent()) {
            return "." + format.get().sourceName();
        }
        String name = file.substring(file.lastIndexOf('/') + 1);
        return name.contains(".") ? name.substring(name.lastIndexOf('.')) : "no extension";
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

    /**
     * The format a file's first bytes name: Parquet files start with {@code PAR1}, ORC files with
     * {@code ORC}; any other start is no format of these (a CSV file has no magic number).
     */
    public static Optional<InputFormat> fromMagic(byte[] head) {
        String start = new String(head, java.nio.charset.StandardCharsets.ISO_8859_1);
        return start.startsWith("PAR1") ? Optional.of(PARQUET)
                : start.startsWith("ORC") ? Optional.of(ORC) : Optional.empty();
    }
}
