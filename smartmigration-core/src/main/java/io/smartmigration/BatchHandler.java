package io.smartmigration;

import java.util.List;

/** Processes one batch handed out by the context's batch iterators. */
@FunctionalInterface
public interface BatchHandler<T> {
    void handle(List<T> batch) throws Exception;
}
