package org.cropsgd.data;

import static org.apache.spark.sql.functions.lit;

import java.util.List;
import java.util.function.BinaryOperator;
import org.apache.spark.sql.Column;

/**
 * Sums and disjunctions of many columns as balanced trees. {@code a.plus(b).plus(c)…} over a thousand
 * columns is an expression a thousand levels deep, and Spark's analyzer, optimizer and code generator
 * recurse through it until the driver's stack overflows; a balanced tree is log₂(n) deep. (For a sum it is
 * also pairwise summation, whose rounding grows with log n rather than n.)
 */
public final class BalancedColumns {
    private BalancedColumns() {}

    /** {@code first + Σ rest}, as {@code first + (balanced sum of rest)}; {@code first} alone if rest is empty. */
    public static Column sum(Column first, List<Column> rest) {
        return rest.isEmpty() ? first : first.plus(tree(rest, 0, rest.size(), Column::plus));
    }

    /** Whether any of {@code conditions} holds; false for none. */
    public static Column any(List<Column> conditions) {
        return conditions.isEmpty() ? lit(false) : tree(conditions, 0, conditions.size(), Column::or);
    }

    private static Column tree(List<Column> columns, int from, int to, BinaryOperator<Column> combine) {
        if (to - from == 1) {
            return columns.get(from);
        }
        int middle = (from + to) >>> 1;
        return combine.apply(tree(columns, from, middle, combine), tree(columns, middle, to, combine));
    }
}
