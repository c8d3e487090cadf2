package org.cropsgd.metrics;

import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.annotation.JsonPropertyOrder;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.IntStream;
import org.apache.commons.math3.distribution.TDistribution;
import org.cropsgd.gradient.CentredMoments;
import org.cropsgd.gradient.LeastSquaresFit;
import org.cropsgd.gradient.SymmetricEigen;
import org.cropsgd.model.LinearModel;
import org.cropsgd.model.Standardization;

/**
 * The coefficient statistics of each label's least-squares fit, as MLlib's normal solver reports them and
 * from the moments training already has (no pass): with p parameters (the weights, and the intercept when
 * there is one) and n rows, σ̂² = RSS/(n − p), Cov(ŵ) = σ̂²·(X̃ᵀX̃)⁻¹ for the design X̃ (the centred
 * features with an intercept, the raw ones without), t = ŵ/se and p = 2·P(T ≥ |t|) for Student's t with
 * n − p degrees of freedom; R² = 1 − RSS/SST and adjusted R² = 1 − (1 − R²)·(n − i)/(n − p), i = 1 with an
 * intercept (SST about the mean then, about 0 without, as MLlib). They describe the unpenalized
 * least-squares fit, the optimum the epochs approach (without {@code --l2}), in the input's units.
 *
 * <p>In training units the weights' covariance is σ̂²·N⁻¹ for the normal matrix N of the fit; a weight in
 * input units is w/σ, its standard error se/σ; the intercept b = ȳ − Σ w_j·x̄_j/σ_j has variance
 * σ̂²·(1/n + cᵀN⁻¹c) with c = x̄/σ (ȳ and the centred slopes are uncorrelated). With sample weights, as
 * MLlib's weightCol: RSS, SST, N and the means are weighted and 1/n is 1/Σw, while the degrees of freedom
 * still count rows. Undefined, and said so: the
 * standard errors, t and p values when N is singular (collinear features) or n ≤ p; those of a constant
 * feature beside an intercept (the others are defined, from N without it); t and p when the fit is exact
 * (σ̂ = 0).
 */
public final class CoefficientStatistics {
    /** The name of the intercept's row. */
    public static final String INTERCEPT = "(intercept)";

    /**
     * One coefficient.
     *
     * @param term           the feature's name, or {@link #INTERCEPT}
     * @param estimate       its least-squares value, in the input's units
     * @param standardError  null when undefined (see {@link LabelStatistics#undefined})
     * @param tValue         estimate / standard error; null when undefined
     * @param pValue         two-sided, for Student's t with the label's degrees of freedom; null when undefined
     */
    @JsonPropertyOrder({"term", "estimate", "standard_error", "t_value", "p_value"})
    public record Term(String term, double estimate, @JsonProperty("standard_error") Double standardError,
                       @JsonProperty("t_value") Double tValue, @JsonProperty("p_value") Double pValue) {}

    /**
     * One label's statistics.
     *
     * @param terms                 the weights in feature order, then the intercept when there is one
     * @param degreesOfFreedom      n − p
     * @param residualStandardError σ̂; null when n ≤ p
     * @param r2                    null for a constant label (SST = 0)
     * @param r2Adjusted            null when R² is, or n ≤ p
     * @param undefined             why standard errors, t or p values are missing; null when none is
     */
    @JsonPropertyOrder({"r2", "r2_adjusted", "residual_standard_error", "degrees_of_freedom", "undefined", "terms"})
    public record LabelStatistics(List<Term> terms, @JsonProperty("degrees_of_freedom") long degreesOfFreedom,
                                  @JsonProperty("residual_standard_error") Double residualStandardError, Double r2,
                                  @JsonProperty("r2_adjusted") Double r2Adjusted, String undefined) {}

    private CoefficientStatistics() {}

    /** A p value for people: 3 digits, and one below what a double holds as "<1e-300", not as 0. */
    public static String formatPValue(double p) {
        return p == 0 ? "<1e-300" : String.format(java.util.Locale.ROOT, "%.3g", p);
    }

    /** The statistics of every label of {@code fit}, whose features are in training units by {@code standardization}. */
    public static Map<String, LabelStatistics> of(LeastSquaresFit fit, Standardization standardization,
            List<String> features, List<String> labels) {
        CentredMoments moments = fit.moments();
        boolean intercept = fit.intercept();
        int d = moments.featureCount();
        // Weighted as MLlib's weightCol: W = Σw in the sums and means, the row count n in the degrees of freedom.
        long n = moments.rows();
        double weight = moments.weight();
        // A constant feature beside an intercept is not identifiable (its weight is reported as 0); the others
        // are, so their statistics come from the normal matrix without it, and the residual has n − p degrees
        // of freedom for the p parameters left (as R's lm; MLlib would count the constant one too).
        boolean[] constant = intercept ? moments.constantFeatures() : new boolean[d];
        int[] kept = IntStream.range(0, d).filter(j -> !constant[j]).toArray();
        // Empty when every feature is constant: the intercept alone is left.
        Optional<SymmetricEigen> normal = kept.length == d ? Optional.of(fit.normal()) : kept.length == 0
                ? Optional.empty() : Optional.of(SymmetricEigen.of(restricted(moments.normalMatrix(true), kept)));
        long df = n - kept.length - (intercept ? 1 : 0);
        boolean fullRank = normal.map(eigen -> eigen.rank() == kept.length).orElse(true);
        String undefined = df <= 0
                ? String.format("%d rows for %d parameters: no degrees of freedom left for the error", n,
                        kept.length + (intercept ? 1 : 0))
                : !fullRank ? "collinear features: the weights are not identifiable"
                : kept.length < d ? "constant features beside the intercept, not identifiable: "
                        + IntStream.range(0, d).filter(j -> constant[j]).mapToObj(features::get).toList()
                : null;
        double[] keptDiagonal = df > 0 && fullRank
                ? normal.map(SymmetricEigen::inverseDiagonal).orElse(new double[0]) : null;
        double[] inverseDiagonal = keptDiagonal == null ? null : new double[d];
        for (int i = 0; i < kept.length && inverseDiagonal != null; i++) {
            inverseDiagonal[kept[i]] = keptDiagonal[i];
        }
        double[] sigma = standardization.scale();
        double[] mu = standardization.mean();
        double[] c = new double[d];
        for (int j = 0; j < d; j++) {
            c[j] = moments.zMean()[j] + mu[j] / sigma[j];
        }
        double[] keptC = IntStream.of(kept).mapToDouble(j -> c[j]).toArray();
        double interceptQuadratic = inverseDiagonal != null && intercept
                ? normal.map(eigen -> eigen.inverseQuadratic(keptC)).orElse(0.0) : 0;
        LinearModel original = standardization.toOriginalUnits(fit.model());
        TDistribution t = df > 0 ? new TDistribution(null, df) : null;

        Map<String, LabelStatistics> all = new LinkedHashMap<>();
        for (int label = 0; label < labels.size(); label++) {
            double rss = Math.max(fit.sums().squaredResidual()[label], 0);
            double yMean = moments.yMean()[label];
            double sst = moments.yy()[label][label] + (intercept ? 0 : weight * yMean * yMean);
            Double r2 = sst > 0 ? 1 - rss / sst : null;
            Double r2Adjusted = r2 != null && df > 0 ? 1 - (1 - r2) * (n - (intercept ? 1 : 0)) / df : null;
            double sigma2 = df > 0 ? rss / df : Double.NaN;
            String why = inverseDiagonal != null && rss == 0
                    ? join(undefined, "an exact fit (σ̂ = 0): t and p values are undefined") : undefined;
            List<Term> terms = new ArrayList<>();
            for (int j = 0; j < d; j++) {
                Double se = inverseDiagonal == null || constant[j] ? null
                        : Math.sqrt(sigma2 * inverseDiagonal[j]) / sigma[j];
                terms.add(term(features.get(j), original.weight(label, j), se, t));
            }
            if (intercept) {
                Double se = inverseDiagonal == null ? null : Math.sqrt(sigma2 * (1.0 / weight + interceptQuadratic));
                terms.add(term(INTERCEPT, original.bias(label), se, t));
            }
            all.put(labels.get(label), new LabelStatistics(terms, df, df > 0 ? Math.sqrt(sigma2) : null, r2,
                    r2Adjusted, why));
        }
        return all;
    }

    private static String join(String first, String second) {
        return first == null ? second : first + "; " + second;
    }

    /** The rows and columns {@code kept} of {@code matrix}. */
    private static double[][] restricted(double[][] matrix, int[] kept) {
        double[][] sub = new double[kept.length][kept.length];
        for (int i = 0; i < kept.length; i++) {
            for (int j = 0; j < kept.length; j++) {
                sub[i][j] = matrix[kept[i]][kept[j]];
            }
        }
        return sub;
    }

    private static Term term(String name, double estimate, Double se, TDistribution t) {
        if (se == null || !(se > 0)) {
            return new Term(name, estimate, se, null, null);
        }
        double tValue = estimate / se;
        // 2·P(T ≤ −|t|) rather than 2·(1 − P(T ≤ |t|)), which loses the digits of a small p value.
        return new Term(name, estimate, se, tValue, 2 * t.cumulativeProbability(-Math.abs(tValue)));
    }
}
