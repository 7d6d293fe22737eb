package io.bankcore.bench;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/** The replay scenario: POST /admin/replay, then GET /admin/replay until done (skipped when the build has none). */
final class Replay {
    private Replay() {}

    static Map<String, Object> run(Context ctx) throws Exception {
        Log log = ctx.log;
        log.say("");
        log.say(
                "== replay: POST /admin/replay, then GET /admin/replay until done, load average %s",
                Environment.loadAverage());
        Map<String, Object> result = new LinkedHashMap<>();
        try (Http http = ctx.instance.connect()) {
            Http.Reply start = http.post("/admin/replay", "{}");
            result.put("start_status", start.status());
            if (start.status() == 404 || start.status() == 405) {
                result.put(
                        "skipped",
                        "POST /admin/replay answered " + start.status() + ": this build has no replay endpoint");
                log.say(
                        "   skipped: POST /admin/replay answered %d (this build has no replay endpoint)",
                        start.status());
                return result;
            }
            result.put("start_body", start.body());
            if (start.status() >= 300) {
                log.say("   refused: %d %s", start.status(), start.body());
                return result;
            }
            long deadline = System.nanoTime() + (long) (ctx.options.replayTimeoutS * 1e9);
            Http.Reply last = start;
            while (System.nanoTime() < deadline) {
                Thread.sleep(500);
                last = http.get("/admin/replay");
                if (last.status() != 200 || finished(last.body())) {
                    break;
                }
            }
            result.put("final_status", last.status());
            result.put("final_body", last.body());
            String eps = Json.field(last.body(), "events_per_second");
            result.put("events_per_second", eps == null || eps.equals("null") ? null : Double.parseDouble(eps));
            log.say("   %d %s", last.status(), last.body());
        }
        return result;
    }

    /** Done when the status says so; the endpoint's exact vocabulary is read loosely. */
    static boolean finished(String body) {
        String status = Json.field(body, "status");
        String state = Json.field(body, "state");
        String running = Json.field(body, "running");
        for (String s : new String[] {status, state}) {
            if (s != null
                    && List.of("DONE", "COMPLETED", "FINISHED", "IDLE", "FAILED", "SUCCEEDED")
                            .contains(s.toUpperCase(Locale.ROOT))) {
                return true;
            }
        }
        return "false".equals(running);
    }
}
