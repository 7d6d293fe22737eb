package io.bankcore.command.transfer;

import java.util.HashMap;
import java.util.Map;
import java.util.Optional;

/** {@link TransferLegs} in memory: what the primary key of {@code transfer_leg} does, without a database. */
public class InMemoryTransferLegs implements TransferLegs {

    private record Key(String transferId, Leg leg) {}

    private final Map<Key, String> claims = new HashMap<>();

    @Override
    public synchronized boolean claim(String transferId, Leg leg, String accountNumber) {
        return claims.putIfAbsent(new Key(transferId, leg), accountNumber) == null;
    }

    /** The account a leg was claimed for, if it was claimed. */
    public synchronized Optional<String> claimant(String transferId, Leg leg) {
        return Optional.ofNullable(claims.get(new Key(transferId, leg)));
    }

    public synchronized int size() {
        return claims.size();
    }
}
