package org.cropsgd.train;

import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.lit;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.SortedMap;
import java.util.TreeMap;
import org.cropsgd.config.FitSettings;
import org.cropsgd.config.GradientStrategy;
import org.cropsgd.config.OptionNames;
import org.cropsgd.data.InputTable;
import org.cropsgd.data.TrainingTable;
import org.cropsgd.data.TrainingTableLoader;
import org.cropsgd.errors.CropSgdException;
import org.cropsgd.gradient.CentredMoments;
import org.cropsgd.gradient.GroupedPerEpochGradient;
import org.cropsgd.gradient.ResidualSums;
import org.cropsgd.errors.Errors;
import org.cropsgd.metrics.CoefficientStatistics;
import org.cropsgd.metrics.GroupedEvaluator;
import org.cropsgd.metrics.LabelMetrics;
import org.cropsgd.metrics.ModelEvaluator;
import org.cropsgd.model.LinearModel;
import org.cropsgd.model.Standardization;

/**
 * One model per group ({@code --group-by}), the core's grouped form: the loading pass adds up every group's
 * moments (and anchor) at once; then each group is set up exactly as an ungrouped table of its rows alone
 * would be ({@link Fitter#prepare}: its own standardization, learning rate, stopping and divergence guard)
 * and trains: with sufficient statistics one group after another on the driver, with no pass over the rows;
 * per epoch all groups in step, one pass over the rows per epoch for every group still training
 * ({@link GroupedPerEpochGradient}). Then one more pass scores every group's model on its rows
 * ({@link GroupedEvaluator}). A group with fewer rows than parameters per label (without {@code --l2}) or
 * whose training fails fails the run, naming the group, or with {@code --on-group-failure skip} is recorded
 * and left without a model. Nothing is printed per group: the listener hears one line per phase and every
 * group's warnings, prefixed with the group.
 */
public final class GroupedFitter {
    private GroupedFitter() {}

    /**
     * One group's fit.
     *
     * @param rows        its training rows
     * @param model       in the input's units
     * @param history     its loss per epoch (training units)
     * @param learningRate the step size it used
     * @param metrics     its final metrics on its rows
     * @param statistics  its least-squares fit's coefficient statistics
     */
    public record GroupFit(long rows, LinearModel model, TrainingHistory.Series history, int epochs,
                           TrainingResult.StopReason stopReason, double learningRate,
                           ModelEvaluator.Evaluation metrics,
                           Map<String, CoefficientStatistics.LabelStatistics> statistics, List<String> warnings) {}

    /**
     * What a grouped fit returns.
     *
     * @param fits     the trained groups, by group value (the canonical JSON of the key)
     * @param failed   the groups left without a model (--on-group-failure skip), with why
     * @param pooled   every trained group's rows, each scored by its group's model
     * @param sample   about {@link FitListener#sampleRows} of those rows, kept by the same pass for pictures
     * @param rows     training rows read (all groups)
     * @param dropped  rows dropped as invalid
     * @param strategy how the groups' gradients were computed (never {@code AUTO})
     * @param trainSeconds  the groups' training loops together
     * @param dataPasses    passes over the rows the groups' training made (the anchor pass of a near-exact group
     *                      whose loading-pass anchor was not close enough), as {@code metrics.json} counts them:
     *                      not the loading pass, nor the one scoring pass
     */
    public record Result(List<String> features, List<String> labels, SortedMap<String, GroupFit> fits,
                         SortedMap<String, String> failed, ModelEvaluator.Evaluation pooled,
                         ModelEvaluator.Sample sample, long rows, long dropped,
                         GradientStrategy strategy, double trainSeconds, long dataPasses, List<String> warnings) {}

    public static Result fit(InputTable input, FitSettings settings, FitListener listener) {
        TrainingTable table = new TrainingTableLoader(listener::info).load(input, settings);
        try {
            return train(settings, table, listener);
        } finally {
            table.release();
        }
    }

    private static Result train(FitSettings settings, TrainingTable table, FitListener listener) {
        if (table.featureCount() > GradientStrategy.MAX_SUFFICIENT_STATS_FEATURES) {
            throw Errors.tooWideForGroups(table.featureCount(), GradientStrategy.MAX_SUFFICIENT_STATS_FEATURES);
        }
        GradientStrategy strategy = settings.strategy().resolve(table.featureCount(), false);
        boolean perEpoch = strategy == GradientStrategy.PER_EPOCH;
        int parameters = table.featureCount() + (settings.intercept() ? 1 : 0);
        listener.info(String.format("Training %d groups by %s on %d rows: features %s, labels %s",
                table.groups().size(), settings.grouping().columns(), table.rows(), table.featureNames(),
                table.labelNames()));
        SortedMap<String, String> failed = new TreeMap<>();
        SortedMap<String, Fitter.Prepared> prepared = new TreeMap<>();
        Map<String, GroupListener> heard = new HashMap<>();
        for (String key : table.groups().keySet()) {
            TrainingTable rows = table.group(key);
            if (rows.rows() < parameters && settings.l2() == 0) {
                String why = String.format("%d rows for %d parameters per label: the fit is not unique (give it "
                        + "--l2, or more rows)", rows.rows(), parameters);
                fail(settings, key, why, failed, null);
                continue;
            }
            GroupListener groupListener = new GroupListener(key);
            try {
                prepared.put(key, Fitter.prepare(settings, rows, Optional.empty(), groupListener));
                heard.put(key, groupListener);
            } catch (CropSgdException e) {
                fail(settings, key, e.getMessage(), failed, e);
            }
        }
        long begin = System.nanoTime();
        Trained trained = perEpoch
                ? inLockstep(settings, table, prepared, failed, listener)
                : oneByOne(settings, prepared, failed);
        SortedMap<String, GroupFit> fits = new TreeMap<>();
        List<String> warnings = new ArrayList<>();
        long dataPasses = trained.passes();
        for (Map.Entry<String, TrainingResult> entry : trained.results().entrySet()) {
            String key = entry.getKey();
            GroupListener groupListener = heard.get(key);
            try {
                Fitter.Trained fit = prepared.get(key).finish(entry.getValue(), groupListener);
                dataPasses += fit.plan().dataPasses(fit.sources());
                TrainingResult result = fit.result();
                fits.put(key, new GroupFit(fit.setup().training().rows(), fit.model(), result.history(),
                        result.epochs(), result.stopReason(), fit.learningRate().value(), null, fit.statistics(),
                        groupListener.warnings));
                warnings.addAll(groupListener.warnings);
                groupListener.warnings.forEach(listener::warning);
            } catch (CropSgdException e) {
                fail(settings, key, e.getMessage(), failed, e);
            }
        }
        double trainSeconds = (System.nanoTime() - begin) / 1e9;
        if (!failed.isEmpty()) {
            String line = String.format("%d of %d groups have no model (--on-group-failure skip), e.g. %s: %s",
                    failed.size(), table.groups().size(), failed.firstKey(), failed.get(failed.firstKey()));
            warnings.add(line);
            listener.warning(line);
        }
        if (fits.isEmpty()) {
            throw Errors.noGroupTrained(table.groups().size(), failed.firstKey(), failed.get(failed.firstKey()));
        }
        listener.info(String.format("Trained %d groups; scoring each on its rows", fits.size()));
        GroupedEvaluator.Result scored = score(table, fits, listener.sampleRows());
        SortedMap<String, GroupFit> scoredFits = new TreeMap<>();
        fits.forEach((key, fit) -> scoredFits.put(key, new GroupFit(fit.rows(), fit.model(), fit.history(),
                fit.epochs(), fit.stopReason(), fit.learningRate(), scored.groups().get(key), fit.statistics(),
                fit.warnings())));
        return new Result(table.featureNames(), table.labelNames(), scoredFits, failed, scored.pooled(),
                scored.sample(), table.rows(), table.dropped(), strategy, trainSeconds, dataPasses, warnings);
    }

    /**
     * The groups' training loops' results by group, and the passes over the rows they made together (beyond
     * what each group's own sources count).
     */
    private record Trained(SortedMap<String, TrainingResult> results, long passes) {}

    /** Sufficient statistics: each group's loop on its own, with no pass over the rows. */
    private static Trained oneByOne(FitSettings settings, SortedMap<String, Fitter.Prepared> prepared,
            SortedMap<String, String> failed) {
        SortedMap<String, TrainingResult> results = new TreeMap<>();
        prepared.forEach((key, fit) -> {
            try {
                results.put(key, fit.trainer().train(fit.start(), settings.epochs()));
            } catch (CropSgdException e) {
                fail(settings, key, e.getMessage(), failed, e);
            }
        });
        return new Trained(results, 0);
    }

    /**
     * Per epoch: every group's loop in step, each epoch's losses and gradients of all groups still training
     * from one pass over the rows ({@link GroupedPerEpochGradient}); a group leaves when it stops (--epochs,
     * --tol) or fails.
     */
    private static Trained inLockstep(FitSettings settings, TrainingTable table,
            SortedMap<String, Fitter.Prepared> prepared, SortedMap<String, String> failed, FitListener listener) {
        Map<String, Standardization> units = new HashMap<>();
        SortedMap<String, Trainer.Run> running = new TreeMap<>();
        prepared.forEach((key, fit) -> {
            units.put(key, fit.setup().standardization());
            running.put(key, fit.trainer().start(fit.start(), settings.epochs()));
        });
        GroupedPerEpochGradient pass = new GroupedPerEpochGradient(table, units);
        SortedMap<String, TrainingResult> results = new TreeMap<>();
        int every = Math.max(1, settings.epochs() / 10);
        for (int epoch = 0; !running.isEmpty(); epoch++) {
            if (epoch > 0 && epoch % every == 0) {
                listener.info(String.format("Epoch %d: %d of %d groups still training", epoch, running.size(),
                        prepared.size()));
            }
            Map<String, LinearModel> models = new HashMap<>();
            running.forEach((key, run) -> models.put(key, run.model()));
            Map<String, ResidualSums> sums = pass.residualSums(models);
            for (Iterator<Map.Entry<String, Trainer.Run>> it = running.entrySet().iterator(); it.hasNext(); ) {
                Map.Entry<String, Trainer.Run> entry = it.next();
                Trainer.Run run = entry.getValue();
                try {
                    run.accept(sums.get(entry.getKey()).toLossGradient(settings.intercept()), Double.NaN);
                } catch (CropSgdException e) {
                    fail(settings, entry.getKey(), e.getMessage(), failed, e);
                    it.remove();
                    continue;
                }
                if (run.done()) {
                    results.put(entry.getKey(), run.result());
                    it.remove();
                }
            }
        }
        return new Trained(results, pass.dataPasses());
    }

    private static void fail(FitSettings settings, String key, String why, SortedMap<String, String> failed,
            CropSgdException cause) {
        if (!settings.grouping().skipFailures()) {
            throw Errors.groupFailed(key, why, cause);
        }
        failed.put(key, why);
    }

    /**
     * The one scoring pass, with each group's label means as the shifts of its sums, keeping about
     * {@code sampleRows} rows for pictures (0: none).
     */
    private static GroupedEvaluator.Result score(TrainingTable table, SortedMap<String, GroupFit> fits,
            long sampleRows) {
        Map<String, LinearModel> models = new LinkedHashMap<>();
        fits.forEach((key, fit) -> models.put(key, fit.model()));
        return GroupedEvaluator.evaluate(table.frame(), table.features(), table.labels(), table.weight(), lit(true),
                col(TrainingTable.GROUP_COLUMN), table.labelNames(), models, labelMeans(table, models.keySet()),
                ModelEvaluator.sampleFraction(sampleRows, table.rows()));
    }

    /** The query of the scoring pass of {@code table}'s groups at {@code models}, for plan checks. */
    public static org.apache.spark.sql.Dataset<org.apache.spark.sql.Row> scoringPlan(TrainingTable table,
            Map<String, LinearModel> models, long sampleRows) {
        return GroupedEvaluator.plan(table.frame(), table.features(), table.labels(), table.weight(), lit(true),
                col(TrainingTable.GROUP_COLUMN), models, labelMeans(table, models.keySet()),
                ModelEvaluator.sampleFraction(sampleRows, table.rows()));
    }

    /** Each group's label means, from its moments (no pass: a group's table carries them). */
    private static Map<String, double[]> labelMeans(TrainingTable table, java.util.Set<String> groups) {
        Map<String, double[]> shifts = new LinkedHashMap<>();
        groups.forEach(key -> shifts.put(key, CentredMoments.compute(table.group(key)).yMean()));
        return shifts;
    }

    /** A group's listener: keeps its warnings, prefixed with the group; everything else is the group's own. */
    private static final class GroupListener implements FitListener {
        private final String key;
        final List<String> warnings = new ArrayList<>();

        GroupListener(String key) {
            this.key = key;
        }

        @Override
        public void warning(String message) {
            warnings.add("group " + key + ": " + message);
        }
    }
}
