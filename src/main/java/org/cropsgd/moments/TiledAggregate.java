package org.cropsgd.moments;

import static org.apache.spark.sql.functions.array;
import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.explode;
import static org.apache.spark.sql.functions.get;
import static org.apache.spark.sql.functions.lit;
import static org.apache.spark.sql.functions.max;
import static org.apache.spark.sql.functions.struct;
import static org.apache.spark.sql.functions.sum;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.cropsgd.data.PartitionSums;

/**
 * The wide layout of {@link SqlSums}: the sums cut into tiles of t × t products, stacked as rows, so that
 * every row of the aggregate has few enough fields for Spark's code generation however wide the table.
 *
 * <p>Each input row becomes one array {@code v} of its values, in tiles of t: the product columns, the
 * summed columns, the maxed columns (each padded with zeros to whole tiles), then a tile ONE = (1, 0, …, 0)
 * and a tile ZERO of zeros. A literal array of tile rows (id, left, right, maxed) is exploded, and the query
 * groups by (partition, id) summing v[left·t + a]·v[right·t + b] for a, b &lt; t and taking the largest
 * v[maxed·t + a]. The tile rows are the pairs left ≤ right of product tiles (Σ p_i·p_j), each summed tile
 * times ONE (Σ s_k·1 in its first column), and the maxed tiles spread over these rows (ZERO elsewhere: the
 * maxed columns are non-negative). The array is built below the explode, once per input row, and read by
 * index ({@code get}), which the RAPIDS Accelerator runs on the GPU like the explode and the aggregate.
 */
final class TiledAggregate implements SqlSums.Shape {
    private static final String VALUES = "__values";
    private static final String TILE = "__tile";

    /** One exploded tile row: where its tiles start in {@code v}, in tiles. */
    private record Tile(int left, int right, int maxed) {}

    private final FlatSums sums;
    private final int width;
    private final int productTiles;
    private final int summedTiles;
    private final int one;
    private final int zero;
    private final List<Tile> tiles = new ArrayList<>();

    TiledAggregate(FlatSums sums, int width) {
        this.sums = sums;
        this.width = width;
        productTiles = tilesOf(sums.products().size());
        summedTiles = tilesOf(sums.summed().size());
        int maxedTiles = tilesOf(sums.maxed().size());
        one = productTiles + summedTiles + maxedTiles;
        zero = one + 1;
        for (int left = 0; left < productTiles; left++) {
            for (int right = left; right < productTiles; right++) {
                tiles.add(new Tile(left, right, zero));
            }
        }
        for (int k = 0; k < summedTiles; k++) {
            tiles.add(new Tile(productTiles + k, one, zero));
        }
        for (int k = 0; k < maxedTiles; k++) {
            int maxed = productTiles + summedTiles + k;
            if (k < tiles.size()) {
                tiles.set(k, new Tile(tiles.get(k).left(), tiles.get(k).right(), maxed));
            } else {
                tiles.add(new Tile(zero, zero, maxed));
            }
        }
    }

    /**
     * The widest tile whose aggregate rows — partition, tile id, t² products and, when there are maxed
     * columns, t maxima — have at most {@code maxFields} fields.
     */
    static int tileWidth(int maxFields, boolean maxed) {
        int t = 1;
        while (2 + (t + 1) * (t + 1) + (maxed ? t + 1 : 0) <= maxFields) {
            t++;
        }
        return t;
    }

    private int tilesOf(int columns) {
        return (columns + width - 1) / width;
    }

    @Override
    public Dataset<Row> query() {
        List<Column> values = new ArrayList<>();
        addPadded(values, sums.products());
        addPadded(values, sums.summed());
        addPadded(values, sums.maxed());
        values.add(lit(1.0));
        values.addAll(Collections.nCopies(2 * width - 1, lit(0.0)));
        List<Column> tileRows = new ArrayList<>();
        for (int id = 0; id < tiles.size(); id++) {
            Tile tile = tiles.get(id);
            tileRows.add(struct(lit(id).as("id"), lit(tile.left() * width).as("left"),
                    lit(tile.right() * width).as("right"), lit(tile.maxed() * width).as("maxed")));
        }
        // Two selects: in the select of the explode, the array would be built above the Generate, once for
        // every tile row instead of once for every input row.
        List<Column> keys = new ArrayList<>(List.of(col(PartitionSums.PARTITION)));
        sums.group().ifPresent(group -> keys.add(col(group)));
        List<Column> arrayed = new ArrayList<>(keys);
        arrayed.add(array(values.toArray(Column[]::new)).as(VALUES));
        List<Column> withTiles = new ArrayList<>(keys);
        withTiles.add(col(VALUES));
        withTiles.add(explode(array(tileRows.toArray(Column[]::new))).as(TILE));
        Dataset<Row> exploded = sums.rows().select(arrayed.toArray(Column[]::new))
                .select(withTiles.toArray(Column[]::new));
        List<Column> aggregates = new ArrayList<>();
        for (int a = 0; a < width; a++) {
            for (int b = 0; b < width; b++) {
                aggregates.add(sum(value("left", a).multiply(value("right", b))).as("p" + a + "_" + b));
            }
        }
        if (!sums.maxed().isEmpty()) {
            for (int a = 0; a < width; a++) {
                aggregates.add(max(value("maxed", a)).as("m" + a));
            }
        }
        return sums.aggregate(exploded, List.of(col(PartitionSums.PARTITION), col(TILE + ".id").as("tile")),
                aggregates);
    }

    private void addPadded(List<Column> values, List<String> names) {
        names.forEach(name -> values.add(col(name)));
        values.addAll(Collections.nCopies(tilesOf(names.size()) * width - names.size(), lit(0.0)));
    }

    /** v[tile's start + offset], the tile being the left, right or maxed one of the exploded row. */
    private static Column value(String which, int offset) {
        return get(col(VALUES), col(TILE + "." + which).plus(lit(offset)));
    }

    @Override
    public void addTo(FlatSums.Totals totals, Row row) {
        Tile tile = tiles.get(row.getInt(1));
        int m = sums.products().size();
        int at = 2;
        if (tile.right() < productTiles) {
            for (int a = 0; a < width; a++) {
                for (int b = 0; b < width; b++, at++) {
                    int i = tile.left() * width + a;
                    int j = tile.right() * width + b;
                    if (i < m && j < m && i <= j) {
                        totals.products()[RowSums.packedIndex(i, j, m)] += row.getDouble(at);
                    }
                }
            }
        } else if (tile.right() == one) {
            for (int a = 0; a < width; a++) {
                int k = (tile.left() - productTiles) * width + a;
                if (k < totals.summed().length) {
                    totals.summed()[k] += row.getDouble(at + a * width);
                }
            }
        }
        at = 2 + width * width;
        if (tile.maxed() != zero) {
            for (int a = 0; a < width; a++) {
                int k = (tile.maxed() - productTiles - summedTiles) * width + a;
                if (k < totals.maxed().length) {
                    totals.maxed()[k] = Math.max(totals.maxed()[k], row.getDouble(at + a));
                }
            }
        }
    }
}
