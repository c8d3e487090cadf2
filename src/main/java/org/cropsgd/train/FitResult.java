package org.cropsgd.train;

import org.cropsgd.metrics.ModelEvaluator;
import org.cropsgd.model.RegressionModel;

/**
 * What a fit returns.
 *
 * @param model    the fitted model, in the units of the input's columns, with their names
 * @param history  the losses after e steps, e = 0..epochs (in training units)
 * @param metrics  what the fit measured
 * @param sample   a seeded sample of about {@link FitListener#sampleRows()} training rows' labels and
 *                 predictions, kept by the final metrics pass (for pictures; empty when none was asked for)
 */
public record FitResult(RegressionModel model, TrainingHistory.Series history, FitMetrics metrics,
                        ModelEvaluator.Sample sample) {}
