package io.bankcore.app.web;

import java.time.Instant;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicReference;
import org.springframework.stereotype.Component;

/**
 * The latest audit report this instance produced, so that the operations page can show it after a
 * reload. Kept in memory only: it is gone after a restart, and each instance has its own.
 */
@Component
class LastAudit {

    record Recorded(AdminController.Report report, Instant finishedAt) {}

    private final AtomicReference<Recorded> last = new AtomicReference<>();

    void record(AdminController.Report report, Instant finishedAt) {
        last.set(new Recorded(report, finishedAt));
    }

    Optional<Recorded> latest() {
        return Optional.ofNullable(last.get());
    }
}
