package io.bankcore.app.web;

import java.util.function.Supplier;

/**
 * A request body read once, on first use: its value, or the refusal reading it threw, given again on every
 * later use. A keyed write is asked for its accounts (a locking hint, on the request's thread) before it
 * runs, and both need the parsed body.
 */
final class Parsed<T> {

    private final Supplier<T> read;
    private T value;
    private RuntimeException refusal;

    Parsed(Supplier<T> read) {
        this.read = read;
    }

    T get() {
        if (value == null && refusal == null) {
            try {
                value = read.get();
            } catch (RuntimeException refused) {
                refusal = refused;
            }
        }
        if (refusal != null) {
            throw refusal;
        }
        return value;
    }
}
