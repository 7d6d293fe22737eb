package io.bankcore.api;

import java.util.List;

/**
 * Why a command was refused, in a form that survives any command bus: {@code code} is the name of one
 * of the domain's error codes, {@code detail} the human-readable reason.
 */
public record CommandFailure(String code, String detail, Integer failedIndex, List<String> results) {

    /** A refusal of one operation. */
    public CommandFailure(String code, String detail) {
        this(code, detail, null, null);
    }

    /** What each transfer of a refused atomic batch would get: {@value #APPLIED_NOTHING} or its refusal's code. */
    public static final String APPLIED_NOTHING = "APPLIED_NOTHING";
}
