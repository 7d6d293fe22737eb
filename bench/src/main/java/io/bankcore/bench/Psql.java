package io.bankcore.bench;

import java.util.List;

/** Runs one statement with psql; rows separated by newlines, fields by '|', errors in the text. */
record Psql(String command, String host, int port, String user) {

    static Psql of(Options o) {
        return new Psql(o.psql, o.pgHost, o.pgPort, o.pgUser);
    }

    String query(String database, String statement) {
        return Shell.run(
                List.of(
                        command,
                        "-X",
                        "-q",
                        "-At",
                        "-h",
                        host,
                        "-p",
                        Integer.toString(port),
                        "-U",
                        user,
                        "-d",
                        database,
                        "-c",
                        statement),
                120);
    }
}
