package io.bankcore.api;

import java.util.List;

/**
 * A page of ledger lines, newest first. {@code accountExists} is false when the account is unknown;
 * {@code nextBeforeSequence} is the cursor for the next (older) page, or null on the last page.
 */
public record LedgerPage(boolean accountExists, List<LedgerEntryView> entries, Long nextBeforeSequence) {

    public LedgerPage {
        entries = List.copyOf(entries);
    }
}
