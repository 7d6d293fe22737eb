package io.bankcore.bench;

import static io.bankcore.bench.Numbers.round1;

import java.io.IOException;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import jdk.jfr.consumer.RecordedEvent;
import jdk.jfr.consumer.RecordedFrame;
import jdk.jfr.consumer.RecordedStackTrace;
import jdk.jfr.consumer.RecordingFile;

/** JFR on the launched instance (through jcmd) and where its CPU time went. */
final class JvmSampler {
    private JvmSampler() {}

    static final Map<String, String> AREAS = new LinkedHashMap<>();

    static {
        AREAS.put("org.postgresql.", "jdbc driver");
        AREAS.put("com.zaxxer.hikari.", "connection pool");
        AREAS.put("org.hibernate.", "hibernate");
        AREAS.put("jakarta.persistence", "hibernate");
        AREAS.put("com.fasterxml.jackson.", "jackson 2 (axon serializer)");
        AREAS.put("tools.jackson.", "jackson 3 (web)");
        AREAS.put("org.axonframework.", "axon");
        AREAS.put("org.apache.catalina.", "tomcat");
        AREAS.put("org.apache.coyote.", "tomcat");
        AREAS.put("org.apache.tomcat.", "tomcat");
        AREAS.put("org.springframework.", "spring");
        AREAS.put("io.bankcore.", "bankcore");
        AREAS.put("java.", "jdk");
        AREAS.put("javax.", "jdk");
        AREAS.put("jdk.", "jdk");
        AREAS.put("sun.", "jdk");
    }

    static void startRecording(long pid, String name, Path file) {
        Shell.run(
                List.of(
                        "jcmd",
                        Long.toString(pid),
                        "JFR.start",
                        "name=bench-" + name,
                        "settings=profile",
                        "filename=" + file),
                30);
    }

    static void stopRecording(long pid, String name) {
        Shell.run(List.of("jcmd", Long.toString(pid), "JFR.stop", "name=bench-" + name), 60);
    }

    static String area(String type) {
        for (var e : AREAS.entrySet()) {
            if (type.startsWith(e.getKey())) {
                return e.getValue();
            }
        }
        return "other";
    }

    /** Top frames by samples; samples by area of the first non-JDK frame (who asked for the work). */
    static Map<String, Object> summarise(Path file) {
        Map<String, Object> m = new LinkedHashMap<>();
        Map<String, Long> top = new HashMap<>();
        Map<String, Long> areas = new HashMap<>();
        Map<String, Long> inclusive = new HashMap<>();
        Map<String, Long> parked = new HashMap<>();
        Map<String, Long> monitors = new HashMap<>();
        long samples = 0;
        try (RecordingFile recording = new RecordingFile(file)) {
            while (recording.hasMoreEvents()) {
                RecordedEvent event = recording.readEvent();
                String type = event.getEventType().getName();
                RecordedStackTrace stack = event.getStackTrace();
                if (stack == null || stack.getFrames().isEmpty()) {
                    continue;
                }
                List<RecordedFrame> frames = stack.getFrames();
                switch (type) {
                    case "jdk.ExecutionSample" -> {
                        samples++;
                        top.merge(frame(frames.get(0)), 1L, Long::sum);
                        String area = "jdk";
                        for (RecordedFrame f : frames) {
                            String a = area(f.getMethod().getType().getName());
                            if (!a.equals("jdk")) {
                                area = a;
                                break;
                            }
                        }
                        areas.merge(area, 1L, Long::sum);
                        Set<String> seen = new HashSet<>();
                        for (RecordedFrame f : frames) {
                            seen.add(area(f.getMethod().getType().getName()));
                        }
                        for (String a : seen) {
                            inclusive.merge(a, 1L, Long::sum);
                        }
                    }
                    case "jdk.ThreadPark" ->
                        parked.merge(firstNonJdk(frames), event.getDuration().toNanos() / 1000, Long::sum);
                    case "jdk.JavaMonitorEnter" ->
                        monitors.merge(firstNonJdk(frames), event.getDuration().toNanos() / 1000, Long::sum);
                    default -> {}
                }
            }
        } catch (IOException e) {
            m.put("error", e.toString());
            return m;
        }
        long n = Math.max(1, samples);
        m.put("file", file.getFileName().toString());
        m.put("samples", samples);
        m.put("by_area_percent", percentages(areas, n));
        m.put("inclusive_area_percent", percentages(inclusive, n));
        m.put(
                "top_frames",
                topN(top, 25).stream()
                        .map(e -> String.format(Locale.ROOT, "%5.1f%% %s", 100.0 * e.getValue() / n, e.getKey()))
                        .toList());
        m.put(
                "parked_ms_top",
                topN(parked, 10).stream()
                        .map(e -> String.format(Locale.ROOT, "%.0f ms %s", e.getValue() / 1000.0, e.getKey()))
                        .toList());
        m.put(
                "monitor_blocked_ms_top",
                topN(monitors, 10).stream()
                        .map(e -> String.format(Locale.ROOT, "%.0f ms %s", e.getValue() / 1000.0, e.getKey()))
                        .toList());
        return m;
    }

    static Map<String, Object> percentages(Map<String, Long> counts, long n) {
        Map<String, Object> m = new LinkedHashMap<>();
        for (var e : topN(counts, 20)) {
            m.put(e.getKey(), round1(100.0 * e.getValue() / n));
        }
        return m;
    }

    static List<Map.Entry<String, Long>> topN(Map<String, Long> counts, int n) {
        return counts.entrySet().stream()
                .sorted(Map.Entry.<String, Long>comparingByValue(Comparator.reverseOrder()))
                .limit(n)
                .toList();
    }

    static String frame(RecordedFrame f) {
        return f.getMethod().getType().getName() + "." + f.getMethod().getName();
    }

    static String firstNonJdk(List<RecordedFrame> frames) {
        for (RecordedFrame f : frames) {
            if (!area(f.getMethod().getType().getName()).equals("jdk")) {
                return frame(f);
            }
        }
        return frame(frames.get(0));
    }
}
