package io.bankcore.domain;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Objects;

/**
 * An atomic batch of transfers of which at least one would be refused: none of them is applied. Each
 * transfer's result is its own refusal, decided on the accounts as the accepted transfers before it in
 * the batch would have left them, or null where it would have been applied (it applied nothing).
 */
public final class TransferBatchRefused extends DomainException {

    private final int failedIndex;
    private final DomainException first;
    private final List<DomainException> results;

    public TransferBatchRefused(List<DomainException> results) {
        super(ErrorCode.BATCH_REFUSED, detail(results));
        this.results = Collections.unmodifiableList(new ArrayList<>(results));
        int index = -1;
        for (int i = 0; i < results.size() && index < 0; i++) {
            if (results.get(i) != null) {
                index = i;
            }
        }
        if (index < 0) {
            throw new IllegalArgumentException("a refused batch has a refused transfer");
        }
        this.failedIndex = index;
        this.first = Objects.requireNonNull(results.get(index));
    }

    private static String detail(List<DomainException> results) {
        for (int i = 0; i < results.size(); i++) {
            if (results.get(i) != null) {
                return "Transfer " + i + " of the batch was refused ("
                        + results.get(i).code().name() + ": " + results.get(i).detail()
                        + "); no transfer of the batch was applied.";
            }
        }
        return "No transfer of the batch was applied.";
    }

    /** The position in the batch of the first refused transfer. */
    public int failedIndex() {
        return failedIndex;
    }

    /** The first refused transfer's refusal: what it would get alone. */
    public DomainException first() {
        return first;
    }

    /** Per transfer, in the batch's order: its refusal, or null where it would have been applied. */
    public List<DomainException> results() {
        return results;
    }
}
