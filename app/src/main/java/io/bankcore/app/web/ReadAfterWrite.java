package io.bankcore.app.web;

import io.bankcore.api.AccountState;
import io.bankcore.query.AccountReadModel;
import java.time.Duration;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.dao.DataAccessException;
import org.springframework.stereotype.Component;

/**
 * Holds a write's reply until the read models have committed its event, so that any GET that follows
 * the reply (on any instance: they share the database) reflects the write. If the projections are
 * slower than the configured timeout, the reply goes out anyway (the write itself is durable) and
 * the delay is logged.
 */
@Component
class ReadAfterWrite {

    private static final Logger log = LoggerFactory.getLogger(ReadAfterWrite.class);

    private final AccountReadModel readModel;
    private final Duration timeout;

    ReadAfterWrite(AccountReadModel readModel, @Value("${bankcore.read-after-write-timeout:10s}") Duration timeout) {
        this.readModel = readModel;
        this.timeout = timeout;
    }

    void await(AccountState state) {
        await(state.accountNumber(), state.lastSequence());
    }

    void await(String accountNumber, long sequence) {
        boolean reflected;
        try {
            reflected = readModel.awaitSequence(accountNumber, sequence, timeout);
        } catch (DataAccessException unreadable) {
            // The write has committed: it must be answered as done, whatever the wait for its read model met.
            log.warn("could not follow account {} to sequence {}: {}", accountNumber, sequence, unreadable.toString());
            return;
        }
        if (!reflected) {
            log.warn(
                    "read models did not reflect account {} sequence {} within {}; answering anyway",
                    accountNumber,
                    sequence,
                    timeout);
        }
    }
}
