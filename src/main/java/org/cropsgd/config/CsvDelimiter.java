package org.cropsgd.config;

import java.util.Optional;
import org.cropsgd.errors.Errors;

/**
 * The character that separates the fields of a CSV input ({@code --csv-delimiter}; Spark's {@code sep}).
 * A tab is written {@code \t} (or {@code tab}) on the command line and in saved options.
 */
public record CsvDelimiter(char value) {
    public static final CsvDelimiter COMMA = new CsvDelimiter(',');
    private static final CsvDelimiter SEMICOLON = new CsvDelimiter(';');
    private static final CsvDelimiter TAB = new CsvDelimiter('\t');

    /** {@code --csv-delimiter}'s value: one character, or {@code \t} / {@code tab} for a tab. */
    public static CsvDelimiter parse(String spelled) {
        if (spelled.equals("\\t") || spelled.equalsIgnoreCase("tab")) {
            return TAB;
        }
        if (spelled.length() != 1 || spelled.equals("\"") || spelled.equals("\n") || spelled.equals("\r")) {
            throw Errors.invalidOption(OptionNames.CSV_DELIMITER, spelled, "one character (not a quote or line break), "
                    + "or \\t for a tab");
        }
        return new CsvDelimiter(spelled.charAt(0));
    }

    /**
     * The other delimiter a header line seems to use: ';' or a tab, whichever it holds more of, when that is
     * not {@code used}. A header split by the wrong delimiter reads as one column, so this is what to suggest.
     */
    public static Optional<CsvDelimiter> otherIn(String header, CsvDelimiter used) {
        long semicolons = header.chars().filter(c -> c == ';').count();
        long tabs = header.chars().filter(c -> c == '\t').count();
        CsvDelimiter likely = tabs > semicolons ? TAB : SEMICOLON;
        return Math.max(semicolons, tabs) > 0 && !likely.equals(used) ? Optional.of(likely) : Optional.empty();
    }

    /** The delimiter of a header line with no comma in it: ';' or a tab when it holds one (see otherIn). */
    public static Optional<CsvDelimiter> detect(String header) {
        return header.indexOf(',') >= 0 ? Optional.empty() : otherIn(header, COMMA);
    }

    /**
     * {@code delimiter}, refused (exit 2) when the input is known not to be CSV: its {@code format} is given,
     * or its extension names one, and it is another.
     */
    public static Optional<CsvDelimiter> forInput(Optional<CsvDelimiter> delimiter, String input,
            Optional<InputFormat> format) {
        if (delimiter.isPresent()
                && format.or(() -> InputFormat.fromExtension(input)).filter(f -> f != InputFormat.CSV).isPresent()) {
            throw Errors.optionNeeds(OptionNames.CSV_DELIMITER, "CSV input (--format csv, or an input ending in .csv)");
        }
        return delimiter;
    }

    /** The value of Spark's CSV option {@code sep}. */
    public String sparkSep() {
        return String.valueOf(value);
    }

    /** As it is written on the command line: the character itself, or {@code \t} for a tab. */
    @Override
    public String toString() {
        return value == '\t' ? "\\t" : String.valueOf(value);
    }
}
