package org.cropsgd.cli;

import java.util.Arrays;
import java.util.List;
import org.cropsgd.errors.Errors;
import picocli.CommandLine.ITypeConverter;
import picocli.CommandLine.TypeConversionException;

/**
 * The value of a list-of-columns option ({@code --labels}, {@code --features}): names separated by commas,
 * spaces around each name ignored ({@code 'apples, oranges'}). An empty name ({@code apples,,oranges}, a
 * trailing comma, {@code ' '}) is a mistake, not something to skip. The whole value is converted at once,
 * rather than with picocli's {@code split}, because splitting drops trailing empty names silently.
 */
record ColumnList(List<String> names) {
    static final String SEPARATOR = ",";

    ColumnList {
        names = List.copyOf(names);
    }

    /** picocli's converter for every option whose value is a {@link ColumnList}, on the command line or in --config. */
    static final class Converter implements ITypeConverter<ColumnList> {
        @Override
        public ColumnList convert(String value) {
            List<String> names = Arrays.stream(value.split(SEPARATOR, -1)).map(String::trim).toList();
            int empty = names.indexOf("");
            if (empty >= 0) {
                // The message is what CommandLineErrors puts after "expected".
                throw new TypeConversionException(Errors.emptyColumnName(empty + 1, names.size()));
            }
            return new ColumnList(names);
        }
    }
}
