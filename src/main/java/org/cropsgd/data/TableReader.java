package org.cropsgd.data;

import com.fasterxml.jackson.databind.MappingIterator;
import com.fasterxml.jackson.dataformat.csv.CsvMapper;
import com.fasterxml.jackson.dataformat.csv.CsvParser;
import com.fasterxml.jackson.dataformat.csv.CsvSchema;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.PrintWriter;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.Collection;
import java.util.Locale;
import java.util.Optional;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.FileStatus;
import org.apache.hadoop.fs.FSDataInputStream;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.Path;
import org.apache.hadoop.io.compress.CompressionCodec;
import org.apache.hadoop.io.compress.CompressionCodecFactory;
import org.apache.spark.SparkThrowable;
import org.apache.spark.sql.AnalysisException;
import org.apache.spark.sql.DataFrameReader;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.cropsgd.config.CsvDelimiter;
import org.cropsgd.config.InputFormat;
import org.cropsgd.errors.CropSgdException;
import org.cropsgd.errors.Errors;
import org.cropsgd.errors.QuietFailureLogs;

/** Reads the input table with Spark's own data sources, from any Hadoop path. */
public final class TableReader {
    /** The characters that make a Hadoop path a glob (as Spark's SparkHadoopUtil.isGlobPath sees them). */
    private static final String GLOB_CHARACTERS = "{}[]*?\\";
    /** Spark's error condition of a data file whose footer (Parquet, ORC) cannot be read. */
    private static final String UNREADABLE_FOOTER = "FAILED_READ_FILE.CANNOT_READ_FILE_FOOTER";

    /**
     * The table as read.
     *
     * @param rows            the rows, with the types the source declares or Spark inferred (CSV)
     * @param rawNames        the column names exactly as the file spells them; Spark's CSV source renames
     *                        duplicate header names (two "temp" become "temp0" and "temp2"), so duplicates
     *                        are only visible here
     * @param otherDelimiter  for CSV, a delimiter other than the one used that the header line holds (';' or
     *                        a tab): the likely cause of a column that is not found
     */
    public record Input(Dataset<Row> rows, String[] rawNames, Optional<CsvDelimiter> otherDelimiter) {}

    private final SparkSession spark;
    private final PrintWriter out;

    public TableReader(SparkSession spark, PrintWriter out) {
        this.spark = spark;
        this.out = out;
    }

    /**
     * The table at {@code input}. CSV files need a header row; their column types are inferred (one extra
     * pass over the files), so a column with a non-numeric value reads as a string column. Without
     * {@code delimiter}, a CSV header line with no comma but a ';' or a tab is split at that (and said so).
     */
    public Input read(String input, InputFormat format, Optional<CsvDelimiter> delimiter) {
        Configuration hadoopConf = spark.sparkContext().hadoopConfiguration();
        FileStatus[] matches = requireExists(input, hadoopConf);
        Collection<FileStatus> files = InputFiles.dataFiles(input, hadoopConf).values();
        long bytes = files.stream().mapToLong(FileStatus::getLen).sum();
        out.printf(Locale.ROOT, "Reading %s (%d file%s, %.1f MB)%n", input, files.size(),
                files.size() == 1 ? "" : "s", bytes / 1e6);
        out.flush();
        if (bytes == 0) {
            throw Errors.emptyTable(input);
        }
        if (format != InputFormat.CSV) {
            Dataset<Row> rows = load(spark.read().format(format.sourceName()), input, matches, format);
            return new Input(rows, rows.columns(), Optional.empty());
        }
        String header = headerLine(files, hadoopConf);
        CsvDelimiter sep = delimiter.or(() -> CsvDelimiter.detect(header).map(this::reportDetected))
                .orElse(CsvDelimiter.COMMA);
        DataFrameReader reader = spark.read().format(format.sourceName()).option("header", "true")
                .option("inferSchema", "true").option("sep", sep.sparkSep());
        return new Input(load(reader, input, matches, format), headerNames(header, sep),
                CsvDelimiter.otherIn(header, sep));
    }

    private CsvDelimiter reportDetected(CsvDelimiter detected) {
        out.printf("CSV delimiter '%s' detected from the header (--csv-delimiter to choose another)%n", detected);
        return detected;
    }

    /**
     * Loads a glob as the paths it matches: Spark's file sources look for a streaming sink's
     * {@code _spark_metadata} under a single path they are given, and for a glob that lookup fails with a
     * logged warning and a stack trace on every run (FileStreamSink.hasMetadata). Several paths, or one that
     * exists, are never looked up in vain.
     */
    private Dataset<Row> load(DataFrameReader reader, String input, FileStatus[] matches, InputFormat format) {
        String[] paths = input.chars().anyMatch(c -> GLOB_CHARACTERS.indexOf(c) >= 0)
                ? Arrays.stream(matches).map(match -> match.getPath().toString()).toArray(String[]::new)
                : new String[] {input};
        try {
            // A Parquet footer is read in a Spark task, whose failure Spark logs before it reaches us.
            return QuietFailureLogs.during(UNREADABLE_FOOTER, () -> reader.load(paths));
        } catch (Exception e) {
            // Scala throws AnalysisException (a checked exception to Java) without declaring it.
            if (e instanceof AnalysisException) {
                throw Errors.inputUnreadable(input, format.sourceName(), e.getMessage());
            }
            Optional<String> file = unreadableFooter(e);
            if (file.isPresent()) {
                throw wrongFormat(file.get(), format, e);
            }
            throw e;
        }
    }

    /** The file of Spark's "cannot read the footer" error in the chain of {@code failure}, if that is in it. */
    private static Optional<String> unreadableFooter(Throwable failure) {
        for (Throwable t = failure; t != null; t = t.getCause() == t ? null : t.getCause()) {
            if (t instanceof SparkThrowable spark && UNREADABLE_FOOTER.equals(spark.getCondition())) {
                return Optional.ofNullable(spark.getMessageParameters().get("path"));
            }
        }
        return Optional.empty();
    }

    /**
     * A file whose footer {@code format} cannot read: most often a file of another format (a CSV file read
     * with --format parquet), named by its first bytes or its extension, else a damaged file.
     */
    private CropSgdException wrongFormat(String file, InputFormat format, Throwable failure) {
        Throwable root = failure;
        while (root.getCause() != null && root.getCause() != root) {
            root = root.getCause();
        }
        String why = String.valueOf(root.getMessage()).replaceAll("\\s+", " ").trim();
        InputFormat likely = InputFormat.fromMagic(head(file)).or(() -> InputFormat.fromExtension(file))
                .orElse(InputFormat.CSV);
        return likely == format ? Errors.inputDamaged(file, format.sourceName(), why)
                : Errors.inputInOtherFormat(file, format.sourceName(), why, likely.sourceName());
    }

    /** The first bytes of {@code file} (fewer when it is shorter). */
    private byte[] head(String file) {
        Path path = new Path(file);
        try (FSDataInputStream in = path.getFileSystem(spark.sparkContext().hadoopConfiguration()).open(path)) {
            return in.readNBytes(4);
        } catch (IOException e) {
            return new byte[0]; // no guess from the content; the extension may still say
        }
    }

    /** The first non-blank line of the first non-empty file, decompressed as Spark would (by extension). */
    private static String headerLine(Collection<FileStatus> files, Configuration hadoopConf) {
        FileStatus first = files.stream().filter(file -> file.getLen() > 0).findFirst().orElseThrow();
        Path path = first.getPath();
        try {
            FileSystem fs = path.getFileSystem(hadoopConf);
            CompressionCodec codec = new CompressionCodecFactory(hadoopConf).getCodec(path);
            InputStream raw = fs.open(path);
            try (BufferedReader lines = new BufferedReader(new InputStreamReader(
                    codec == null ? raw : codec.createInputStream(raw), StandardCharsets.UTF_8))) {
                String line;
                while ((line = lines.readLine()) != null) {
                    if (!line.isBlank()) {
                        return line;
                    }
                }
                return "";
            }
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot read the header line of " + path, e);
        }
    }

    /** The header's fields, parsed as CSV with {@code sep}. */
    private static String[] headerNames(String header, CsvDelimiter sep) {
        CsvMapper mapper = new CsvMapper().enable(CsvParser.Feature.WRAP_AS_ARRAY);
        try (MappingIterator<String[]> rows = mapper.readerFor(String[].class)
                .with(CsvSchema.emptySchema().withColumnSeparator(sep.value()))
                .readValues(header)) {
            return rows.hasNext() ? rows.next() : new String[0];
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot parse the header line " + header, e);
        }
    }

    private static FileStatus[] requireExists(String input, Configuration hadoopConf) {
        Path path = new Path(input);
        try {
            FileStatus[] matches = path.getFileSystem(hadoopConf).globStatus(path);
            if (matches == null || matches.length == 0) {
                throw Errors.inputMissing(input);
            }
            return matches;
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot look up the input path " + input, e);
        }
    }
}
