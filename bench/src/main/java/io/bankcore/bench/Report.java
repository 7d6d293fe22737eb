package io.bankcore.bench;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/** The per-request table (report.txt and report.html) and the HTML page, from the results map. */
final class Report {
    private Report() {}

    /** Column headings of the per-request table, one per {@link Summary#KEYS} entry after "requests". */
    static final List<String> HEADINGS = List.of(
            "req/s",
            "p50 ms",
            "p99 ms",
            "errors",
            "commits/req",
            "rollbacks/req",
            "stmts/req",
            "inst CPU ms/req",
            "PG CPU ms/req",
            "srv CPU ms/req");

    private static final List<String> COLUMNS = Summary.KEYS.subList(1, Summary.KEYS.size());
    private static final int FIRST = 22;

    /** One table row: the label, then each figure (null: "-"). */
    record Row(String label, List<String> cells) {}

    /**
     * Per scenario: bankcore's row, the pgbench baseline's (when there is one for it) and the ratio
     * bankcore / baseline.
     */
    @SuppressWarnings("unchecked")
    static List<Row> rows(Map<String, Object> results) {
        List<Row> rows = new ArrayList<>();
        Map<String, Object> base = baseline(results);
        Map<String, Object> ratios = results.get("ratios") instanceof Map<?, ?> r ? (Map<String, Object>) r : Map.of();
        for (Map<String, Object> s : scenarios(results)) {
            String name = String.valueOf(s.get("name"));
            rows.add(figures(name, (Map<String, Object>) s.get("summary")));
            if (base.get(name) instanceof Map<?, ?> b) {
                rows.add(figures("  pgbench baseline", (Map<String, Object>) b.get("summary")));
            }
            if (ratios.get(name) instanceof Map<?, ?> r) {
                rows.add(ratioRow((Map<String, Object>) r));
            }
        }
        return rows;
    }

    private static Row figures(String label, Map<String, Object> summary) {
        Map<String, Object> s = summary == null ? Map.of() : summary;
        List<String> cells = new ArrayList<>();
        for (String key : COLUMNS) {
            Object v = s.get(key);
            cells.add(
                    switch (key) {
                        case "requests_per_s" -> number(v, "%.1f");
                        case "errors" -> v == null ? "-" : String.valueOf(v);
                        default -> number(v, "%.2f");
                    });
        }
        return new Row(label, cells);
    }

    private static Row ratioRow(Map<String, Object> r) {
        Map<String, String> byColumn = new LinkedHashMap<>();
        byColumn.put("requests_per_s", ratio(r.get("throughput")));
        byColumn.put("p50_ms", ratio(r.get("p50")));
        byColumn.put("p99_ms", ratio(r.get("p99")));
        for (String key : List.of(
                "commits_per_request",
                "rollbacks_per_request",
                "statements_per_request",
                "postgres_cpu_ms_per_request",
                "server_cpu_ms_per_request")) {
            byColumn.put(key, ratio(r.get(key)));
        }
        List<String> cells = new ArrayList<>();
        for (String key : COLUMNS) {
            cells.add(byColumn.getOrDefault(key, ""));
        }
        return new Row("  bankcore / baseline", cells);
    }

    static String number(Object v, String format) {
        return v instanceof Number n ? String.format(Locale.ROOT, format, n.doubleValue()) : "-";
    }

    static String ratio(Object v) {
        if (!(v instanceof Number n)) {
            return "-";
        }
        double d = n.doubleValue();
        return String.format(Locale.ROOT, d < 0.1 ? "%.3fx" : d < 10 ? "%.2fx" : "%.1fx", d);
    }

    /** The table and the top statements, as report.txt shows them after the progress lines. */
    @SuppressWarnings("unchecked")
    static String text(Map<String, Object> results) {
        StringBuilder t = new StringBuilder();
        t.append("== per request: successful requests, counters over each measured window\n");
        t.append(String.format(Locale.ROOT, "%-" + FIRST + "s", "scenario"));
        for (String h : HEADINGS) {
            t.append(String.format(Locale.ROOT, " %" + width(h) + "s", h));
        }
        t.append('\n');
        for (Row row : rows(results)) {
            t.append(String.format(Locale.ROOT, "%-" + FIRST + "s", row.label()));
            for (int i = 0; i < row.cells().size(); i++) {
                t.append(String.format(
                        Locale.ROOT,
                        " %" + width(HEADINGS.get(i)) + "s",
                        row.cells().get(i)));
            }
            t.append('\n');
        }
        t.append("srv CPU = the instance's + PostgreSQL's (the baseline's: PostgreSQL's); commits, rollbacks and")
                .append(" statements are the measured database's\n");
        for (Map<String, Object> s : scenarios(results)) {
            if (s.get("note") != null) {
                t.append(s.get("name")).append(": ").append(s.get("note")).append('\n');
            }
        }
        Map<String, Object> base = baseline(results);
        for (Map<String, Object> s : scenarios(results)) {
            String name = String.valueOf(s.get("name"));
            statements(t, name, s.get("postgresql"));
            if (base.get(name) instanceof Map<?, ?> b) {
                statements(t, name + " (pgbench baseline)", ((Map<String, Object>) b).get("postgresql"));
            }
        }
        return t.toString();
    }

    private static int width(String heading) {
        return Math.max(8, heading.length());
    }

    private static void statements(StringBuilder t, String name, Object postgresql) {
        if (!(postgresql instanceof Map<?, ?> pg)) {
            return;
        }
        if (pg.get("top_statements_by_calls") instanceof List<?> top) {
            t.append(name)
                    .append(": top statements by calls, ")
                    .append(pg.get("statements_per_request"))
                    .append(" statements/request\n");
            for (Object o : top.subList(0, Math.min(5, top.size()))) {
                Map<?, ?> s = (Map<?, ?>) o;
                t.append(String.format(
                        Locale.ROOT,
                        "  %8s calls/req %9s ms mean  %s%n",
                        number(s.get("calls_per_request"), "%.2f"),
                        number(s.get("mean_ms"), "%.3f"),
                        s.get("query")));
            }
        } else {
            t.append(name)
                    .append(": no statement counts (")
                    .append(pg.get("statements_unavailable"))
                    .append(")\n");
        }
    }

    @SuppressWarnings("unchecked")
    private static List<Map<String, Object>> scenarios(Map<String, Object> results) {
        return results.get("scenarios") instanceof List<?> l ? (List<Map<String, Object>>) l : List.of();
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Object> baseline(Map<String, Object> results) {
        return results.get("baseline") instanceof Map<?, ?> b && !b.containsKey("skipped")
                ? (Map<String, Object>) b
                : Map.of();
    }

    // ---- HTML with inline SVG ----------------------------------------------------------------------

    @SuppressWarnings("unchecked")
    static String html(Map<String, Object> r) {
        StringBuilder h = new StringBuilder();
        h.append("<!doctype html><html><head><meta charset=\"utf-8\"><title>bankcore benchmark</title><style>")
                .append("body{font:14px system-ui,sans-serif;margin:24px;max-width:1100px}")
                .append("table{border-collapse:collapse;margin:8px 0 20px}td,th{border:1px solid #ccc;")
                .append("padding:3px 8px;text-align:right}th{background:#f4f4f4}td:first-child{text-align:left}")
                .append("pre{background:#f8f8f8;padding:8px;overflow:auto;font-size:12px}")
                .append("</style></head><body><h1>bankcore benchmark</h1>");
        Map<String, Object> env = (Map<String, Object>) r.getOrDefault("environment", Map.of());
        h.append("<p>")
                .append(esc(String.valueOf(r.get("started_at"))))
                .append(" &middot; ")
                .append(esc(env.get("cores") + " cores, " + env.get("cpu_model") + ", " + env.get("memory_total")))
                .append(" &middot; commit ")
                .append(esc(String.valueOf(env.get("git_commit"))))
                .append(Boolean.TRUE.equals(env.get("git_dirty")) ? " (with local changes)" : "")
                .append(" &middot; load average before ")
                .append(esc(String.valueOf(env.get("load_average_before"))))
                .append(", after ")
                .append(esc(String.valueOf(r.get("load_average_after"))))
                .append("</p>");
        if (r.get("error") != null) {
            h.append("<p><b>The run failed:</b> ")
                    .append(esc(String.valueOf(r.get("error"))))
                    .append("</p>");
        }
        List<Map<String, Object>> scenarios = scenarios(r);
        Map<String, Object> base = baseline(r);

        h.append("<h2>Per request</h2><p>Successful requests; counters over each measured window. srv CPU is the")
                .append(" instance's and PostgreSQL's (the baseline's: PostgreSQL's).</p><table><tr><th>scenario</th>");
        for (String heading : HEADINGS) {
            h.append("<th>").append(esc(heading)).append("</th>");
        }
        h.append("</tr>");
        for (Row row : rows(r)) {
            h.append("<tr><td>").append(esc(row.label().trim())).append("</td>");
            for (String cell : row.cells()) {
                h.append("<td>").append(esc(cell)).append("</td>");
            }
            h.append("</tr>");
        }
        h.append("</table>");
        for (Map<String, Object> s : scenarios) {
            if (s.get("note") != null) {
                h.append("<p><b>")
                        .append(esc(String.valueOf(s.get("name"))))
                        .append("</b>: ")
                        .append(esc(String.valueOf(s.get("note"))))
                        .append("</p>");
            }
        }
        for (Map<String, Object> s : scenarios) {
            statementsTable(h, String.valueOf(s.get("name")), s.get("postgresql"));
            if (base.get(s.get("name")) instanceof Map<?, ?> b) {
                statementsTable(h, s.get("name") + " (pgbench baseline)", ((Map<String, Object>) b).get("postgresql"));
            }
        }

        h.append("<h2>Throughput and latency</h2><table><tr><th>scenario</th><th>throughput /s</th><th>p50 ms</th>")
                .append("<th>p95 ms</th><th>p99 ms</th><th>max ms</th><th>errors</th><th>load avg</th>")
                .append("<th>app CPU % of a core</th><th>PG CPU %</th><th>generator CPU %</th></tr>");
        List<String[]> bars = new ArrayList<>();
        for (Map<String, Object> s : scenarios) {
            row(h, (String) s.get("name"), s, (Map<String, Object>) s.get("cpu"));
            bars.add(new String[] {(String) s.get("name"), String.valueOf(s.get("throughput_per_s")), "#3572b0"});
            if (base.get(s.get("name")) instanceof Map<?, ?> bs) {
                row(h, s.get("name") + " (SQL baseline)", (Map<String, Object>) bs, (Map<String, Object>)
                        ((Map<String, Object>) bs).get("cpu"));
                bars.add(
                        new String[] {s.get("name") + " baseline", String.valueOf(bs.get("throughput_per_s")), "#999"});
            }
        }
        h.append("</table>");
        h.append(barChart("Throughput (requests/s)", bars));
        h.append(latencyChart(scenarios, base));
        for (Map<String, Object> s : scenarios) {
            h.append(timeline((String) s.get("name"), (List<Object>) s.get("timeline_per_s")));
        }
        if (r.get("history") instanceof Map<?, ?> hist) {
            h.append(
                            "<h2>History: deposits, a metadata-filtered page and one-day statements, old account vs new</h2><pre>")
                    .append(esc(Json.write(hist)))
                    .append("</pre>");
        }
        if (r.get("replay") != null) {
            h.append("<h2>Replay</h2><pre>")
                    .append(esc(Json.write(r.get("replay"))))
                    .append("</pre>");
        }
        if (r.get("ratios") != null) {
            h.append("<h2>Ratios to the SQL baseline</h2><pre>")
                    .append(esc(Json.write(r.get("ratios"))))
                    .append("</pre>");
        }
        h.append("<h2>Everything</h2><pre>").append(esc(Json.write(r))).append("</pre></body></html>\n");
        return h.toString();
    }

    private static void statementsTable(StringBuilder h, String name, Object postgresql) {
        if (!(postgresql instanceof Map<?, ?> pg)) {
            return;
        }
        h.append("<h3>").append(esc(name)).append(": top statements by calls</h3>");
        if (!(pg.get("top_statements_by_calls") instanceof List<?> top)) {
            h.append("<p>No statement counts: ")
                    .append(esc(String.valueOf(pg.get("statements_unavailable"))))
                    .append("</p>");
            return;
        }
        h.append("<table><tr><th>calls/req</th><th>mean ms</th><th>share of time %</th><th>statement</th></tr>");
        for (Object o : top) {
            Map<?, ?> s = (Map<?, ?>) o;
            h.append("<tr><td>")
                    .append(esc(number(s.get("calls_per_request"), "%.2f")))
                    .append("</td><td>")
                    .append(esc(number(s.get("mean_ms"), "%.3f")))
                    .append("</td><td>")
                    .append(esc(number(s.get("share_of_time_percent"), "%.1f")))
                    .append("</td><td style=\"text-align:left\">")
                    .append(esc(String.valueOf(s.get("query"))))
                    .append("</td></tr>");
        }
        h.append("</table>");
    }

    @SuppressWarnings("unchecked")
    private static void row(StringBuilder h, String name, Map<String, Object> s, Map<String, Object> cpu) {
        Map<String, Object> l = (Map<String, Object>) s.getOrDefault("latency", Map.of());
        Object errors = s.containsKey("errors_total") ? s.get("errors_total") : s.get("failed");
        h.append("<tr><td>").append(esc(name)).append("</td>");
        for (Object v : new Object[] {
            s.get("throughput_per_s"),
            l.get("p50_ms"),
            l.get("p95_ms"),
            l.get("p99_ms"),
            l.get("max_ms"),
            errors,
            s.get("load_average"),
            cpu == null ? null : cpu.get("app_percent_of_core"),
            cpu == null ? null : cpu.get("postgres_percent_of_core"),
            cpu == null ? null : cpu.get("generator_percent_of_core")
        }) {
            h.append("<td>").append(v == null ? "" : esc(String.valueOf(v))).append("</td>");
        }
        h.append("</tr>");
    }

    private static String barChart(String title, List<String[]> bars) {
        double max = bars.stream().mapToDouble(b -> parse(b[1])).max().orElse(1);
        int rowH = 22;
        int width = 760;
        StringBuilder s = new StringBuilder("<h2>" + esc(title) + "</h2><svg xmlns=\"http://www.w3.org/2000/svg\""
                + " width=\"" + width + "\" height=\"" + (bars.size() * rowH + 10) + "\">");
        for (int i = 0; i < bars.size(); i++) {
            double v = parse(bars.get(i)[1]);
            int w = (int) (480 * v / Math.max(1, max));
            int y = i * rowH + 4;
            s.append(String.format(
                    Locale.ROOT,
                    "<text x=\"0\" y=\"%d\" font-size=\"12\">%s</text><rect x=\"180\" y=\"%d\" width=\"%d\""
                            + " height=\"16\" fill=\"%s\"/><text x=\"%d\" y=\"%d\" font-size=\"12\">%.0f</text>",
                    y + 13,
                    esc(bars.get(i)[0]),
                    y,
                    w,
                    bars.get(i)[2],
                    186 + w,
                    y + 13,
                    v));
        }
        return s.append("</svg>").toString();
    }

    @SuppressWarnings("unchecked")
    private static String latencyChart(List<Map<String, Object>> scenarios, Map<String, Object> base) {
        List<String[]> bars = new ArrayList<>();
        String[] colors = {"#7fb3e6", "#3572b0", "#1d3f63"};
        for (Map<String, Object> s : scenarios) {
            Map<String, Object> l = (Map<String, Object>) s.getOrDefault("latency", Map.of());
            String[] keys = {"p50_ms", "p95_ms", "p99_ms"};
            for (int i = 0; i < keys.length; i++) {
                bars.add(new String[] {
                    s.get("name") + " " + keys[i].substring(0, 3), String.valueOf(l.get(keys[i])), colors[i]
                });
            }
            if (base.get(s.get("name")) instanceof Map<?, ?> bs) {
                Map<String, Object> bl = (Map<String, Object>) ((Map<String, Object>) bs).get("latency");
                bars.add(new String[] {s.get("name") + " baseline p99", String.valueOf(bl.get("p99_ms")), "#999"});
            }
        }
        return barChart("Latency (ms)", bars);
    }

    private static String timeline(String name, List<Object> perSecond) {
        if (perSecond == null || perSecond.size() < 2) {
            return "";
        }
        double max = perSecond.stream()
                .mapToDouble(v -> ((Number) v).doubleValue())
                .max()
                .orElse(1);
        int w = 760;
        int hgt = 120;
        StringBuilder points = new StringBuilder();
        for (int i = 0; i < perSecond.size() - 1; i++) { // the last second is partial
            double x = 40 + (w - 50) * i / (double) Math.max(1, perSecond.size() - 2);
            double y = hgt - 10 - (hgt - 20) * ((Number) perSecond.get(i)).doubleValue() / Math.max(1, max);
            points.append(String.format(Locale.ROOT, "%.1f,%.1f ", x, y));
        }
        return "<h3>" + esc(name) + ": completions per second over the measured window</h3>"
                + "<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"" + w + "\" height=\"" + hgt + "\">"
                + "<text x=\"0\" y=\"14\" font-size=\"11\">" + (long) max + "</text>"
                + "<text x=\"0\" y=\"" + (hgt - 10) + "\" font-size=\"11\">0</text>"
                + "<line x1=\"40\" y1=\"" + (hgt - 10) + "\" x2=\"" + w + "\" y2=\"" + (hgt - 10)
                + "\" stroke=\"#ccc\"/><polyline fill=\"none\" stroke=\"#3572b0\" points=\"" + points
                + "\"/></svg>";
    }

    private static double parse(String s) {
        try {
            return Double.parseDouble(s);
        } catch (NumberFormatException e) {
            return 0;
        }
    }

    static String esc(String s) {
        return s.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;").replace("\"", "&quot;");
    }
}
