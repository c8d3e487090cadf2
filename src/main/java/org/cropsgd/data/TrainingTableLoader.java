package org.cropsgd.data;

import static org.apache.spark.sql.functions.abs;
import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.lit;
import static org.apache.spark.sql.functions.not;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.SortedMap;
import java.util.StringJoiner;
import java.util.TreeMap;
import java.util.function.Consumer;
import java.util.stream.IntStream;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.cropsgd.config.FitSettings;
import org.cropsgd.config.InvalidRowPolicy;
import org.cropsgd.config.OptionNames;
import org.cropsgd.errors.Errors;
import org.cropsgd.moments.ResidualAnchor;
import org.cropsgd.moments.RowSums;
import org.cropsgd.moments.ShiftedMoments;
import org.cropsgd.moments.SumsEngines;

/**
 * Turns the rows of an {@link InputTable} into a {@link TrainingTable}: selects the named columns, and in one
 * pass casts them to double, caches them and checks every value ({@link LoadingPass}). Every check happens
 * here, before any training, so bad input fails fast with a message that names the column and shows the row.
 * Finding that row takes one more Spark job, on the error path only. Reading a path into rows is
 * {@link TableReader}'s job, the caller's.
 */
public final class TrainingTableLoader {
    private final Consumer<String> info;

    /** @param info takes the informational lines (default features, skipped rows, progress of a long pass) */
    public TrainingTableLoader(Consumer<String> info) {
        this.info = info;
    }

    /** The training table of {@code input} for a run with {@code settings}. */
    public TrainingTable load(InputTable input, FitSettings settings) {
        Dataset<Row> rows = input.rows();
        ColumnCandidates candidates = ColumnCandidates.resolve(rows.schema(), input.rawNames(), settings.features(),
                settings.labels(), settings.weightColumn(), settings.grouping().columns(), input.otherDelimiter());
        boolean cache = settings.readsRowsOften(candidates.features().size());
        LoadingPass.Result pass;
        try (LoadProgress progress = LoadProgress.start(rows.sparkSession().sparkContext(), info)) {
            progress.phase(cache ? "checking and caching the rows" : "checking the rows");
            pass = LoadingPass.run(rows, candidates, cache);
        }
        try {
            return check(input.name(), rows, candidates, pass, settings.invalidRows());
        } catch (RuntimeException e) {
            pass.castRows().unpersist();
            throw e;
        }
    }

    /**
     * The sums {@link #load}'s pass over {@code input} adds up, for plan checks (caches nothing).
     */
    public RowSums loadingPass(InputTable input, FitSettings settings) {
        Dataset<Row> rows = input.rows();
        ColumnCandidates candidates = ColumnCandidates.resolve(rows.schema(), input.rawNames(), settings.features(),
                settings.labels(), settings.weightColumn(), settings.grouping().columns(), input.otherDelimiter());
        return LoadingPass.planned(rows, candidates);
    }

    private TrainingTable check(String input, Dataset<Row> raw, ColumnCandidates candidates,
            LoadingPass.Result pass, InvalidRowPolicy policy) {
        if (pass.rows() == 0) {
            throw Errors.emptyTable(input);
        }
        Map<String, ColumnProfile> profiles = pass.profiles();
        ColumnSelection columns = candidates.select(name -> profiles.get(name).mostlyNumbers(),
                Arrays.asList(raw.columns()));
        if (candidates.defaulted()) {
            reportLeftOut(raw.columns(), candidates, columns, profiles);
        }
        List<String> used = columns.all();
        for (String name : used) {
            if (profiles.get(name).onlyText()) {
                RowLocator.Located first = RowLocator.first(raw, LoadingPass.nonNumeric(raw.schema(), name));
                throw Errors.textColumn(name, option(candidates, name), first.row().getAs(name), first.number(),
                        first.rendered());
            }
        }
        rejectBadWeights(raw, candidates, pass);
        if (policy == InvalidRowPolicy.ERROR) {
            rejectNonNumeric(raw, candidates, used, profiles);
            rejectInvalid(raw, used, profiles);
        }
        rejectTooLarge(raw, used, profiles, pass.rows());

        Dataset<Row> castRows = pass.castRows();
        Dataset<Row> all = castRows.select(trainingColumns(candidates, columns));
        if (!candidates.groupBy().isEmpty()) {
            rejectNullKeys(raw, candidates, pass);
        }
        Optional<ShiftedMoments> moments = momentsOfTrainingRows(pass.moments(), pass.momentColumns(), used,
                profiles);
        // The anchor's residual columns follow the used ones in the moments, when they were kept.
        boolean withResiduals = moments.map(m -> m.size() > used.size()).orElse(false);
        Optional<ResidualAnchor> anchor = withResiduals ? pass.anchor() : Optional.empty();
        if (used.stream().allMatch(name -> profiles.get(name).invalid() == 0)) {
            return withGroups(new TrainingTable(all, castRows, columns, pass.rows(), 0, moments, anchor), pass,
                    used, profiles);
        }
        // --invalid skip. The filter runs over the cast rows each pass; cheaper than caching a second copy.
        // Over the double columns: the group's text is a key, not a value.
        Dataset<Row> valid = all.filter(not(anyInvalid(Arrays.stream(all.columns())
                .filter(name -> !name.equals(TrainingTable.GROUP_COLUMN)).toArray(String[]::new))));
        // The pass counted the rows with an invalid cell in the columns used whatever it found; a mostly-numbers
        // text column with invalid cells among the features needs one more count, over the cache.
        boolean passCounted = used.stream()
                .allMatch(name -> !candidates.conditional(name) || profiles.get(name).invalid() == 0);
        long rows = passCounted ? pass.rows() - pass.rowsWithInvalid() : valid.count();
        long dropped = pass.rows() - rows;
        if (rows == 0) {
            throw Errors.allRowsInvalid(input, dropped);
        }
        info.accept(String.format("Skipped %d of %d rows with a null, NaN, infinite or non-numeric feature or "
                + "label (--invalid skip): %s.", dropped, pass.rows(), invalidCounts(used, profiles)));
        return withGroups(new TrainingTable(valid, castRows, columns, rows, dropped, moments, anchor), pass, used,
                profiles);
    }

    /**
     * Grouped: {@code table} with each group's rows and moments, from the loading pass when its moments are
     * of exactly the training rows (as for an ungrouped table), otherwise from one grouped pass over them.
     * Ungrouped: {@code table} itself.
     */
    private TrainingTable withGroups(TrainingTable table, LoadingPass.Result pass, List<String> used,
            Map<String, ColumnProfile> profiles) {
        if (pass.groups().isEmpty()) {
            return table;
        }
        SortedMap<String, TrainingTable.Group> groups = new TreeMap<>();
        for (Map.Entry<String, RowSums.Totals> entry : pass.groups().entrySet()) {
            RowSums.Totals group = entry.getValue();
            Optional<ShiftedMoments> moments = momentsOfTrainingRows(group.moments(), pass.momentColumns(), used,
                    profiles);
            if (moments.isEmpty()) {
                return grouped(table, measuredGroups(table));
            }
            boolean withResiduals = moments.get().size() > used.size();
            groups.put(entry.getKey(), new TrainingTable.Group(moments.get().rows(), moments.get(),
                    withResiduals ? group.anchor() : Optional.empty()));
        }
        List<String> empty = groups.entrySet().stream().filter(group -> group.getValue().rows() == 0)
                .map(Map.Entry::getKey).toList();
        if (!empty.isEmpty()) {
            info.accept(String.format("%d groups have no row left after --invalid skip and get no model, e.g. %s",
                    empty.size(), empty.get(0)));
            empty.forEach(groups::remove);
        }
        return grouped(table, groups);
    }

    private static TrainingTable grouped(TrainingTable table, SortedMap<String, TrainingTable.Group> groups) {
        return new TrainingTable(table.frame(), table.castRows(), table.columns(), table.rows(), table.dropped(),
                Optional.empty(), Optional.empty(), groups);
    }

    /** Each group's moments of the training rows, by one grouped pass over them. */
    private static SortedMap<String, TrainingTable.Group> measuredGroups(TrainingTable table) {
        List<String> products = new ArrayList<>();
        List<Column> selected = new ArrayList<>();
        for (Column column : concat(table.features(), table.labels())) {
            selected.add(column.as("p" + products.size()));
            products.add("p" + products.size());
        }
        table.weightColumn().ifPresent(w -> selected.add(w.as(TrainingTable.WEIGHT_COLUMN)));
        selected.add(col(TrainingTable.GROUP_COLUMN));
        RowSums sums = new RowSums(table.frame().select(selected.toArray(Column[]::new)), List.of(), List.of(),
                products, 0, table.weightColumn().map(w -> TrainingTable.WEIGHT_COLUMN),
                Optional.of(TrainingTable.GROUP_COLUMN));
        SortedMap<String, TrainingTable.Group> groups = new TreeMap<>();
        SumsEngines.of(table.frame().sparkSession()).total(sums).groups().forEach((key, group) -> groups.put(key,
                new TrainingTable.Group(group.moments().rows(), group.moments(), Optional.empty())));
        return groups;
    }

    private static List<Column> concat(Column[] a, Column[] b) {
        List<Column> all = new ArrayList<>(List.of(a));
        all.addAll(List.of(b));
        return all;
    }

    /** A null in a key column: the first such row. */
    private static void rejectNullKeys(Dataset<Row> raw, ColumnCandidates candidates, LoadingPass.Result pass) {
        if (pass.nullKeys() == 0) {
            return;
        }
        Column anyNull = BalancedColumns.any(candidates.groupBy().stream()
                .map(key -> col(LoadingPass.quoted(key)).isNull()).toList());
        RowLocator.Located first = RowLocator.first(raw, anyNull);
        throw Errors.nullGroupKey(candidates.groupBy(), pass.nullKeys(), first.number(), first.rendered());
    }

    /**
     * The pass's moments for the used columns, when they were taken over exactly the training rows: every
     * used column is among the pass's moment columns (no conditional column was taken), and the moment
     * columns that are not used have no invalid cell (the pass left out the rows with an invalid cell in any
     * moment column; training leaves out those with one in a used column). The anchor's residual columns
     * follow the used ones, unless one of their sums overflowed. Empty otherwise, and when a sum of the used
     * columns overflowed: then training makes its own moments pass.
     */
    private static Optional<ShiftedMoments> momentsOfTrainingRows(ShiftedMoments passMoments,
            List<String> momentColumns, List<String> used, Map<String, ColumnProfile> profiles) {
        boolean allCovered = momentColumns.containsAll(used);
        boolean sameRows = momentColumns.stream()
                .allMatch(name -> used.contains(name) || profiles.get(name).invalid() == 0);
        if (!allCovered || !sameRows) {
            return Optional.empty();
        }
        int[] usedColumns = used.stream().mapToInt(momentColumns::indexOf).toArray();
        int[] residuals = IntStream.range(momentColumns.size(), passMoments.size()).toArray();
        ShiftedMoments withAnchor = passMoments.select(IntStream.concat(IntStream.of(usedColumns),
                IntStream.of(residuals)).toArray());
        if (residuals.length > 0 && withAnchor.finite()) {
            return Optional.of(withAnchor);
        }
        ShiftedMoments withoutAnchor = passMoments.select(usedColumns);
        return withoutAnchor.finite() ? Optional.of(withoutAnchor) : Optional.empty();
    }

    /** One line: which columns the default features leave out, and why, in the input's column order. */
    private void reportLeftOut(String[] inputColumns, ColumnCandidates candidates, ColumnSelection columns,
            Map<String, ColumnProfile> profiles) {
        StringJoiner leftOut = new StringJoiner(", ");
        for (String name : inputColumns) {
            String why = candidates.leftOut().get(name);
            if (why == null && candidates.features().contains(name) && !columns.features().contains(name)) {
                why = profiles.get(name).whyText();
            }
            if (why != null) {
                leftOut.add(String.format("%s (%s)", name, why));
            }
        }
        info.accept(String.format("Default features %s; left out: %s", columns.features(),
                leftOut.length() == 0 ? "none" : leftOut));
    }

    /**
     * A weight that is null, NaN, infinite, negative or not a number, whatever {@code --invalid} says: a row
     * whose weight is unknown cannot be counted, and dropping it would change what the others weigh.
     */
    private static void rejectBadWeights(Dataset<Row> raw, ColumnCandidates candidates, LoadingPass.Result pass) {
        if (candidates.weight().isEmpty()) {
            return;
        }
        String name = candidates.weight().get();
        long bad = pass.profiles().get(name).invalid() + pass.negativeWeights();
        if (bad == 0) {
            return;
        }
        Column w = LoadingPass.asDouble(raw.schema(), name);
        RowLocator.Located first = RowLocator.first(raw, LoadingPass.isInvalid(w).or(w.lt(lit(0.0))));
        throw Errors.badWeight(name, first.row().getAs(name), first.number(), first.rendered(), bad);
    }

    /** The first row with a non-numeric cell in a used column; the message names that column. */
    private static void rejectNonNumeric(Dataset<Row> raw, ColumnCandidates candidates, List<String> used,
            Map<String, ColumnProfile> profiles) {
        List<String> bad = used.stream().filter(name -> profiles.get(name).nonNumeric() > 0).toList();
        if (bad.isEmpty()) {
            return;
        }
        // Usually one column: one job each, on the error path only, and the earliest row wins.
        String name = null;
        RowLocator.Located first = null;
        for (String column : bad) {
            RowLocator.Located found = RowLocator.first(raw, LoadingPass.nonNumeric(raw.schema(), column));
            if (first == null || found.number() < first.number()) {
                name = column;
                first = found;
            }
        }
        throw Errors.nonNumericValue(name, first.row().getAs(name), first.number(), first.rendered(),
                profiles.get(name).nonNumeric(), option(candidates, name),
                candidates.role(name) == ColumnCandidates.Role.DEFAULT_FEATURE);
    }

    private static void rejectInvalid(Dataset<Row> raw, List<String> used, Map<String, ColumnProfile> profiles) {
        if (used.stream().allMatch(name -> profiles.get(name).invalid() == 0)) {
            return;
        }
        Column any = LoadingPass.anyInvalid(used.stream().map(name -> LoadingPass.asDouble(raw.schema(), name)).toList());
        RowLocator.Located first = RowLocator.first(raw, any);
        throw Errors.invalidValues(invalidCounts(used, profiles), first.number(), first.rendered());
    }

    /** A column whose squares sum past the limit: the row with its largest value. */
    private static void rejectTooLarge(Dataset<Row> raw, List<String> used, Map<String, ColumnProfile> profiles,
            long rows) {
        for (String name : used) {
            ColumnProfile profile = profiles.get(name);
            if (profile.tooLarge()) {
                RowLocator.Located row = RowLocator.first(raw,
                        abs(LoadingPass.asDouble(raw.schema(), name)).equalTo(lit(profile.largest())));
                throw Errors.valuesTooLarge(name, row.row().getAs(name), row.number(), row.rendered(),
                        ColumnProfile.SUM_OF_SQUARES_LIMIT, Math.sqrt(ColumnProfile.SUM_OF_SQUARES_LIMIT / rows));
            }
        }
    }

    /** "1 in 'rainfall', 2 non-numeric in 'temp'": the invalid cells of each used column that has any. */
    private static String invalidCounts(List<String> used, Map<String, ColumnProfile> profiles) {
        StringJoiner counts = new StringJoiner(", ");
        for (String name : used) {
            ColumnProfile profile = profiles.get(name);
            if (profile.missing() > 0) {
                counts.add(String.format("%d in '%s'", profile.missing(), name));
            }
            if (profile.nonNumeric() > 0) {
                counts.add(String.format("%d non-numeric in '%s'", profile.nonNumeric(), name));
            }
        }
        return counts.toString();
    }

    /** The cast columns of the selection, renamed x0.., y0.. and w (see {@link TrainingTable}). */
    private static Column[] trainingColumns(ColumnCandidates candidates, ColumnSelection columns) {
        List<String> read = candidates.all();
        List<Column> selected = new ArrayList<>();
        for (int j = 0; j < columns.features().size(); j++) {
            selected.add(col(LoadingPass.value(read.indexOf(columns.features().get(j))))
                    .as(TrainingTable.featureColumn(j)));
        }
        for (int k = 0; k < columns.labels().size(); k++) {
            selected.add(col(LoadingPass.value(read.indexOf(columns.labels().get(k))))
                    .as(TrainingTable.labelColumn(k)));
        }
        columns.weight().ifPresent(weight -> selected.add(col(LoadingPass.value(read.indexOf(weight)))
                .as(TrainingTable.WEIGHT_COLUMN)));
        if (!candidates.groupBy().isEmpty()) {
            selected.add(col(TrainingTable.GROUP_COLUMN));
        }
        return selected.toArray(Column[]::new);
    }

    private static Column anyInvalid(String[] names) {
        return LoadingPass.anyInvalid(Arrays.stream(names).map(name -> col(name)).toList());
    }

    private static String option(ColumnCandidates candidates, String name) {
        return candidates.role(name) == ColumnCandidates.Role.LABEL ? OptionNames.LABELS : OptionNames.FEATURES;
    }
}
