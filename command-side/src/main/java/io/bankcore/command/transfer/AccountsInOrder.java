package io.bankcore.command.transfer;

import io.bankcore.command.AccountAggregate;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;
import org.axonframework.modelling.command.Aggregate;
import org.axonframework.modelling.command.AggregateNotFoundException;
import org.axonframework.modelling.command.Repository;

/**
 * Loads the accounts of a multi-account command in the order of their numbers. Loading takes an
 * account's locks for the rest of the unit of work, so every such command locking in one order means
 * two of them can never each hold one account and wait for the other.
 */
final class AccountsInOrder {

    private AccountsInOrder() {}

    /** The accounts among {@code numbers} that exist; a missing one is left for the caller to tell, in its own order. */
    static Map<String, Aggregate<AccountAggregate>> load(Repository<AccountAggregate> accounts, String... numbers)
            throws Exception {
        Map<String, Aggregate<AccountAggregate>> found = new HashMap<>();
        for (String number : new TreeSet<>(List.of(numbers))) {
            try {
                found.put(number, accounts.load(number));
            } catch (AggregateNotFoundException missing) {
                // Not found: the caller refuses it.
            }
        }
        return found;
    }
}
