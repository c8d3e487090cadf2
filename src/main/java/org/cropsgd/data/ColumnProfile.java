package org.cropsgd.data;

/**
 * What the loading pass learnt about one column's values, as doubles.
 *
 * @param numbers        cells that are numbers (NaN and infinities included)
 * @param nonNumeric     cells of a text column that are not empty and not a number
 * @param invalid        cells that are null, NaN, infinite or not a number: what --invalid handles
 * @param sumOfSquares   Σx² over the finite cells
 * @param largest        the largest |x| over the finite cells
 */
public record ColumnProfile(long numbers, long nonNumeric, long invalid, double sumOfSquares, double largest) {

    /**
     * The largest Σx² a column may have. The moments training computes are sums of products of centred
     * values, (x − x̂)(y − ŷ) with x̂ a mean: (x − x̂)² ≤ 2x² + 2x̂² and n·x̂² ≤ Σx², so Σ(x − x̂)² ≤ 4·Σx², and by
     * Cauchy–Schwarz every partial sum of |(x − x̂)(y − ŷ)| is at most √(Σ(x − x̂)²·Σ(y − ŷ)²). A quarter of
     * Double.MAX_VALUE would do; the other factor 4 is room for rounding, and for n·x̂² in the Hessian.
     */
    public static final double SUM_OF_SQUARES_LIMIT = Double.MAX_VALUE / 16;

    /** Non-empty cells: numbers or not. */
    public long values() {
        return numbers + nonNumeric;
    }

    /** More than half the non-empty cells are numbers: a numeric column with a few bad cells, not text. */
    public boolean mostlyNumbers() {
        return numbers > nonNumeric;
    }

    /** Only text: not a single cell is a number. */
    public boolean onlyText() {
        return numbers == 0 && nonNumeric > 0;
    }

    /** Empty, NaN or infinite cells, as opposed to non-numeric ones. */
    public long missing() {
        return invalid - nonNumeric;
    }

    /** Values whose squares, summed, would overflow the sums training needs (see the limit). */
    public boolean tooLarge() {
        return !(sumOfSquares <= SUM_OF_SQUARES_LIMIT);
    }

    /** Why a text column is not a default feature, for the report. */
    public String whyText() {
        if (values() == 0) {
            return "no values";
        }
        return numbers == 0 ? "text" : String.format("text, %d of %d values numbers", numbers, values());
    }
}
