package io.bankcore.bench;

import java.security.SecureRandom;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;

/**
 * The deposit-auth scenario: the cost of authentication. A second instance of the jar starts on the
 * same database with API keys on (a fresh bootstrap admin key in its environment), a client key is
 * created, and the deposit load runs against it with that key on every request; the first instance,
 * open, measured the same load as "deposit". Its figures sit beside that scenario's in the report.
 */
final class AuthCost {

    private AuthCost() {}

    static Map<String, Object> run(Context ctx, Workload workload) throws Exception {
        Options o = ctx.options;
        byte[] secret = new byte[32];
        new SecureRandom().nextBytes(secret);
        String bootstrap = HexFormat.of().formatHex(secret);
        ctx.log.say("");
        ctx.log.say("== deposit-auth: a second instance on port %d with BANKCORE_AUTH=api-key", o.port + 1);
        Instance secured = Instance.launch(
                o,
                ctx.out,
                o.port + 1,
                List.of("--bankcore.auth=api-key"),
                Map.of("BANKCORE_BOOTSTRAP_ADMIN_KEY", bootstrap),
                "app-auth.log");
        try {
            secured.awaitHealthy();
            String key;
            try (Http admin =
                    secured.withHeaders("X-API-Key: " + bootstrap + "\r\n").connect()) {
                Http.Reply created = admin.post(
                        "/admin/api-keys",
                        "{\"name\":\"bench\",\"scopes\":[\"accounts:read\",\"accounts:write\",\"transfers:write\",\"admin\"]}");
                if (created.status() != 201) {
                    throw new IllegalStateException(
                            "cannot create the bench's API key: " + created.status() + " " + created.body());
                }
                key = Json.field(created.body(), "key");
            }
            var context = new Context(o, ctx.out, ctx.log, ctx.psql, secured.withHeaders("X-API-Key: " + key + "\r\n"));
            return Load.run(context, "deposit-auth", Map.of("deposit", 1), workload);
        } finally {
            secured.stop();
        }
    }
}
