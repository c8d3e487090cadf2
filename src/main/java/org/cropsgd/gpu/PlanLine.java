package org.cropsgd.gpu;

import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * One line of the RAPIDS Accelerator's explain output, e.g.
 * {@code   !Exec <InMemoryTableScanExec> cannot run on GPU because ParquetCachedBatchSerializer is not being used}.
 * The marker says how the node would run: {@code *} on the GPU, {@code !} not on the GPU, {@code @} could
 * (it would, were its parent not on the CPU), {@code #} and {@code $} other special cases.
 *
 * @param depth   nesting depth in the plan (two spaces a level)
 * @param marker  the first character
 * @param kind    Exec, Expression, Partitioning, ...
 * @param name    the operator or expression class, e.g. HashAggregateExec
 * @param detail  the rest of the line: the node's text and what RAPIDS says of it
 */
public record PlanLine(int depth, char marker, String kind, String name, String detail) {
    private static final Pattern LINE = Pattern.compile("^(\\s*)([*!@#$])(\\w+) <([^>]+)> ?(.*)$");

    public static Optional<PlanLine> parse(String line) {
        Matcher m = LINE.matcher(line);
        if (!m.matches()) {
            return Optional.empty();
        }
        return Optional.of(new PlanLine(m.group(1).length() / 2, m.group(2).charAt(0), m.group(3), m.group(4),
                m.group(5)));
    }

    public boolean onGpu() {
        return marker == '*';
    }

    public boolean notOnGpu() {
        return marker == '!';
    }

    /** What RAPIDS says after "because", or the whole detail. */
    public String reason() {
        int because = detail.indexOf("because ");
        return because >= 0 ? detail.substring(because + "because ".length()) : detail;
    }
}
