package org.cropsgd.gradient;

/**
 * The training loss at one model and its gradient, under the one convention of the project:
 * {@code L = Σ R² / (n·k)}, {@code ∂L/∂W = 2·Rᵀ·X / (n·k)}, {@code ∂L/∂b = 2·Σ_rows R / (n·k)}; with
 * sample weights every row's terms get a factor w and n is W = Σw (MLlib's {@code weightCol} convention: the
 * weighted mean of the squared errors).
 *
 * @param loss            mean squared error over all n·k residuals (no ½)
 * @param weightGradient  k × d
 * @param biasGradient    k; all zero when the model has no intercept, so no step ever moves it
 * @param weight          W: n, or Σw with sample weights
 */
public record LossGradient(double loss, double[][] weightGradient, double[] biasGradient, double weight) {}
