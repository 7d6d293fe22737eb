package io.bankcore.bench;

import java.nio.file.Path;

/** What every step of a run shares. */
final class Context {
    final Options options;
    final Path out;
    final Log log;
    final Psql psql;
    final Instance instance;
    /** The instance's database; disabled for a running instance or with --no-pg-stats. */
    final PostgresSampler postgres;
    /** Whether a load scenario has run on the instance yet (the first one warms up longer). */
    boolean loaded;

    Context(Options options, Path out, Log log, Psql psql, Instance instance) {
        this.options = options;
        this.out = out;
        this.log = log;
        this.psql = psql;
        this.instance = instance;
        this.postgres = new PostgresSampler(psql, options.pgStats ? instance.database : null);
    }
}
