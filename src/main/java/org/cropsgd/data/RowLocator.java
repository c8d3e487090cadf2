package org.cropsgd.data;

import java.util.List;
import java.util.StringJoiner;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import scala.Tuple2;

/**
 * Finds the first row matching a condition and its position in read order, for error messages. This runs
 * only on the error path, so it may use the RDD API (zipWithIndex) that the training path avoids.
 */
public final class RowLocator {
    private static final String MATCH = "__cropsgd_match";

    public record Located(Row row, long number, String rendered) {}

    private RowLocator() {}

    public static Located first(Dataset<Row> table, Column condition) {
        Dataset<Row> marked = table.withColumn(MATCH, condition);
        int flag = marked.schema().fieldIndex(MATCH);
        List<Tuple2<Row, Long>> found = marked.javaRDD().zipWithIndex()
                .filter(pair -> Boolean.TRUE.equals(pair._1().get(flag)))
                .take(1);
        if (found.isEmpty()) {
            throw new IllegalStateException("no row matches " + condition);
        }
        Row row = found.get(0)._1();
        long number = found.get(0)._2() + 1;
        return new Located(row, number, render(table.columns(), row));
    }

    private static String render(String[] names, Row row) {
        StringJoiner fields = new StringJoiner(", ", "{", "}");
        for (int i = 0; i < names.length; i++) {
            fields.add(names[i] + "=" + row.get(i));
        }
        return fields.toString();
    }
}
