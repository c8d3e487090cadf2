package org.cropsgd.train;

import java.util.function.Supplier;

/** A value computed on first use only (for the moments pass, which not every run needs). */
final class Memo<T> implements Supplier<T> {
    private final Supplier<T> compute;
    private T value;

    Memo(Supplier<T> compute) {
        this.compute = compute;
    }

    @Override
    public T get() {
        if (value == null) {
            value = compute.get();
        }
        return value;
    }

    boolean isComputed() {
        return value != null;
    }
}
