package org.cropsgd.config;

import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.OptionalDouble;
import org.cropsgd.errors.Errors;

/**
 * The optimizer of a run and its hyper-parameters, named and defaulted as in torch.optim.
 *
 * @param kind          sgd or adam
 * @param learningRate  empty for {@code auto}: 1/λ for SGD, torch's default 0.001 for Adam
 * @param momentum      SGD momentum μ (0: none)
 * @param nesterov      Nesterov momentum (SGD, needs μ &gt; 0)
 * @param weightDecay   torch's weight_decay: adds wd·θ to the gradient of every parameter
 * @param beta1         Adam's first-moment decay
 * @param beta2         Adam's second-moment decay
 * @param eps           Adam's denominator term
 */
public record OptimizerSettings(OptimizerKind kind, OptionalDouble learningRate, double momentum,
        boolean nesterov, double weightDecay, double beta1, double beta2, double eps) {
    public static final double DEFAULT_BETA1 = 0.9;
    public static final double DEFAULT_BETA2 = 0.999;
    public static final double DEFAULT_EPS = 1e-8;
    /** torch.optim.Adam's default learning rate, used by {@code --learning-rate auto} with Adam. */
    public static final double ADAM_DEFAULT_LEARNING_RATE = 1e-3;

    public OptimizerSettings {
        Objects.requireNonNull(kind, "kind");
        Objects.requireNonNull(learningRate, "learningRate");
        if (learningRate.isPresent()
                && (!(learningRate.getAsDouble() > 0) || Double.isInfinite(learningRate.getAsDouble()))) {
            throw Errors.invalidOption(OptionNames.LEARNING_RATE, learningRate.getAsDouble(), "auto or a finite number > 0");
        }
        if (!(momentum >= 0 && momentum < 1)) {
            throw Errors.invalidOption(OptionNames.MOMENTUM, momentum, "a number in [0, 1)");
        }
        if (!(weightDecay >= 0) || Double.isInfinite(weightDecay)) {
            throw Errors.invalidOption(OptionNames.WEIGHT_DECAY, weightDecay, "a finite number >= 0");
        }
        if (!(beta1 >= 0 && beta1 < 1)) {
            throw Errors.invalidOption(OptionNames.BETA1, beta1, "a number in [0, 1)");
        }
        if (!(beta2 >= 0 && beta2 < 1)) {
            throw Errors.invalidOption(OptionNames.BETA2, beta2, "a number in [0, 1)");
        }
        if (!(eps > 0) || Double.isInfinite(eps)) {
            throw Errors.invalidOption(OptionNames.EPS, eps, "a finite number > 0");
        }
        if (kind == OptimizerKind.ADAM && (momentum != 0 || nesterov)) {
            throw Errors.optionNeeds(momentum != 0 ? OptionNames.MOMENTUM : OptionNames.NESTEROV, "--optimizer sgd");
        }
        if (nesterov && momentum == 0) {
            throw Errors.optionNeeds(OptionNames.NESTEROV, "--momentum > 0");
        }
        if (kind == OptimizerKind.SGD
                && (beta1 != DEFAULT_BETA1 || beta2 != DEFAULT_BETA2 || eps != DEFAULT_EPS)) {
            throw Errors.optionNeeds(beta1 != DEFAULT_BETA1 ? OptionNames.BETA1 : beta2 != DEFAULT_BETA2 ? OptionNames.BETA2 : OptionNames.EPS,
                    "--optimizer adam");
        }
    }

    /** Plain SGD at a fixed learning rate. */
    public static OptimizerSettings sgd(OptionalDouble learningRate) {
        return new OptimizerSettings(OptimizerKind.SGD, learningRate, 0, false, 0, DEFAULT_BETA1, DEFAULT_BETA2,
                DEFAULT_EPS);
    }

    /** The settings by option name, as saved in model.json. */
    public Map<String, Object> asOptions() {
        Map<String, Object> options = new LinkedHashMap<>();
        options.put(OptionNames.OPTIMIZER, kind.name().toLowerCase(Locale.ROOT));
        options.put(OptionNames.LEARNING_RATE, learningRate.isPresent() ? (Object) learningRate.getAsDouble() : "auto");
        if (kind == OptimizerKind.SGD) {
            options.put(OptionNames.MOMENTUM, momentum);
            options.put(OptionNames.NESTEROV, nesterov);
        } else {
            options.put(OptionNames.BETA1, beta1);
            options.put(OptionNames.BETA2, beta2);
            options.put(OptionNames.EPS, eps);
        }
        options.put(OptionNames.WEIGHT_DECAY, weightDecay);
        return options;
    }
}
