package io.bankcore.command;

import java.util.regex.Pattern;

/**
 * Axon Server's refusals as they reach the sender of a command: a {@code CommandExecutionException}
 * (remote code AXONIQ-4002) whose message carries the event store's own refusal,
 * {@code [AXONIQ-2000] Invalid sequence number N for aggregate ..., expected M}: another writer
 * appended event N first. N = 0 means the aggregate already exists.
 */
final class AxonServerErrors {

    private static final Pattern INVALID_SEQUENCE = Pattern.compile("\\[AXONIQ-2000] Invalid sequence number (\\d+)");

    private AxonServerErrors() {}

    /** The sequence number Axon Server refused to append, or -1 when the failure is not that refusal. */
    static long sequenceTaken(Throwable failure) {
        if (failure.getMessage() == null) {
            return -1;
        }
        var match = INVALID_SEQUENCE.matcher(failure.getMessage());
        return match.find() ? Long.parseLong(match.group(1)) : -1;
    }
}
