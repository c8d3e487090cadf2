package org.cropsgd.gradient;

/**
 * The training loss at one model and its gradient, under the one convention of the project:
 * {@code L = Σ R² / (n·k)}, {@code ∂L/∂W = 2·Rᵀ·X / (n·k)}, {@code ∂L/∂b = 2·Σ_rows R / (n·k)}.
 *
 * @param loss            mean squared error over all n·k residuals (no ½)
 * @param weightGradient  k × d
 * @param biasGradient    k; all zero when the model has no intercept, so no step ever moves it
 * @param rows            n
 */
public record LossGradient(double loss, double[][] weightGradient, double[] biasGradient, long rows) {}
