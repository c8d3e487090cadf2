package org.cropsgd.config;

/** What to do with a row whose feature or label is null, NaN or infinite. */
public enum InvalidRowPolicy {
    /** Stop with exit 3 and show the first such row. */
    ERROR,
    /** Drop such rows and report how many were dropped. */
    SKIP
}
